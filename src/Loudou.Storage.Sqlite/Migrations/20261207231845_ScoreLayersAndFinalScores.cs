using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ScoreLayersAndFinalScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "layer_high_score",
                table: "workspace_settings",
                type: "REAL",
                nullable: false,
                defaultValue: 0.2);

            migrationBuilder.AddColumn<decimal>(
                name: "layer_large_amount",
                table: "workspace_settings",
                type: "TEXT",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "layer_low_score",
                table: "workspace_settings",
                type: "REAL",
                nullable: false,
                defaultValue: 0.08);

            migrationBuilder.AddColumn<bool>(
                name: "final",
                table: "deal_scores",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "layer",
                table: "deal_scores",
                type: "TEXT",
                maxLength: 1,
                nullable: false,
                defaultValue: "C");

            // Scores stored before layers take theirs by the default cuts (by score alone), as ValueLayers gives them.
            migrationBuilder.Sql("UPDATE deal_scores SET layer = CASE WHEN score >= 0.2 THEN 'A' WHEN score >= 0.08 THEN 'B' ELSE 'C' END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "layer_high_score",
                table: "workspace_settings");

            migrationBuilder.DropColumn(
                name: "layer_large_amount",
                table: "workspace_settings");

            migrationBuilder.DropColumn(
                name: "layer_low_score",
                table: "workspace_settings");

            migrationBuilder.DropColumn(
                name: "final",
                table: "deal_scores");

            migrationBuilder.DropColumn(
                name: "layer",
                table: "deal_scores");
        }
    }
}
