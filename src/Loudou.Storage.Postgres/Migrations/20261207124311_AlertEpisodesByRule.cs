using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Loudou.Storage.Postgres.Migrations
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    alert_rule_id = table.Column<int>(type: "integer", nullable: false),
                    team_id = table.Column<int>(type: "integer", nullable: true),
                    opened_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    cleared_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    as_of = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    metric = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    observed = table.Column<double>(type: "double precision", nullable: true),
                    low = table.Column<double>(type: "double precision", nullable: true),
                    high = table.Column<double>(type: "double precision", nullable: true),
                    baseline = table.Column<double>(type: "double precision", nullable: true),
                    successes = table.Column<long>(type: "bigint", nullable: false),
                    n = table.Column<long>(type: "bigint", nullable: false),
                    baseline_n = table.Column<long>(type: "bigint", nullable: true),
                    p_value = table.Column<double>(type: "double precision", nullable: true),
                    q_value = table.Column<double>(type: "double precision", nullable: true),
                    from = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    to_excl = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    baseline_from = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    baseline_to_excl = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
