using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Loudou.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TargetsOnePerCombination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_conversion_targets_stage_id_team_id_month",
                table: "conversion_targets");

            // The old index let duplicates in where team_id or month is NULL (NULLs are distinct in a
            // unique index); keep the newest target per combination. GROUP BY puts NULLs together on both databases.
            migrationBuilder.Sql("DELETE FROM conversion_targets WHERE id NOT IN (SELECT MAX(id) FROM conversion_targets GROUP BY stage_id, team_id, month)");

            migrationBuilder.CreateTable(
                name: "sales_targets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    team_id = table.Column<int>(type: "integer", nullable: true),
                    user_id = table.Column<int>(type: "integer", nullable: true),
                    won_amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    won_count = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_targets", x => x.id);
                    table.CheckConstraint("ck_sales_targets_team_or_user", "team_id IS NULL OR user_id IS NULL");
                    table.ForeignKey(
                        name: "fk_sales_targets_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sales_targets_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_conversion_targets_stage_id",
                table: "conversion_targets",
                column: "stage_id",
                unique: true,
                filter: "team_id IS NULL AND month IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_conversion_targets_stage_id_month",
                table: "conversion_targets",
                columns: new[] { "stage_id", "month" },
                unique: true,
                filter: "team_id IS NULL AND month IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_conversion_targets_stage_id_team_id",
                table: "conversion_targets",
                columns: new[] { "stage_id", "team_id" },
                unique: true,
                filter: "team_id IS NOT NULL AND month IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_conversion_targets_stage_id_team_id_month",
                table: "conversion_targets",
                columns: new[] { "stage_id", "team_id", "month" },
                unique: true,
                filter: "team_id IS NOT NULL AND month IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_month",
                table: "sales_targets",
                column: "month",
                unique: true,
                filter: "team_id IS NULL AND user_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_month_team_id",
                table: "sales_targets",
                columns: new[] { "month", "team_id" },
                unique: true,
                filter: "team_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_month_user_id",
                table: "sales_targets",
                columns: new[] { "month", "user_id" },
                unique: true,
                filter: "user_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_team_id",
                table: "sales_targets",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_user_id",
                table: "sales_targets",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales_targets");

            migrationBuilder.DropIndex(
                name: "ix_conversion_targets_stage_id",
                table: "conversion_targets");

            migrationBuilder.DropIndex(
                name: "ix_conversion_targets_stage_id_month",
                table: "conversion_targets");

            migrationBuilder.DropIndex(
                name: "ix_conversion_targets_stage_id_team_id",
                table: "conversion_targets");

            migrationBuilder.DropIndex(
                name: "ix_conversion_targets_stage_id_team_id_month",
                table: "conversion_targets");

            migrationBuilder.CreateIndex(
                name: "ix_conversion_targets_stage_id_team_id_month",
                table: "conversion_targets",
                columns: new[] { "stage_id", "team_id", "month" },
                unique: true);
        }
    }
}
