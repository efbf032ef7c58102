using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AlertEpisodesByRule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alert_episodes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    alert_rule_id = table.Column<int>(type: "INTEGER", nullable: false),
                    team_id = table.Column<int>(type: "INTEGER", nullable: true),
                    opened_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    cleared_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    as_of = table.Column<DateTime>(type: "TEXT", nullable: false),
                    metric = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    observed = table.Column<double>(type: "REAL", nullable: true),
                    low = table.Column<double>(type: "REAL", nullable: true),
                    high = table.Column<double>(type: "REAL", nullable: true),
                    baseline = table.Column<double>(type: "REAL", nullable: true),
                    successes = table.Column<long>(type: "INTEGER", nullable: false),
                    n = table.Column<long>(type: "INTEGER", nullable: false),
                    baseline_n = table.Column<long>(type: "INTEGER", nullable: true),
                    p_value = table.Column<double>(type: "REAL", nullable: true),
                    q_value = table.Column<double>(type: "REAL", nullable: true),
                    from = table.Column<DateTime>(type: "TEXT", nullable: false),
                    to_excl = table.Column<DateTime>(type: "TEXT", nullable: false),
                    baseline_from = table.Column<DateTime>(type: "TEXT", nullable: true),
                    baseline_to_excl = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_episodes", x => x.id);
                    table.ForeignKey(
                        name: "fk_alert_episodes_alert_rules_alert_rule_id",
                        column: x => x.alert_rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alert_episodes_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alert_episodes_alert_rule_id",
                table: "alert_episodes",
                column: "alert_rule_id",
                unique: true,
                filter: "cleared_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_alert_episodes_alert_rule_id_opened_at",
                table: "alert_episodes",
                columns: new[] { "alert_rule_id", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alert_episodes_team_id",
                table: "alert_episodes",
                column: "team_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_episodes");
        }
    }
}
