using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Loudou.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ChannelCostsByMonth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "channel_costs",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channel_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_costs", x => x.id);
                    table.ForeignKey(
                        name: "fk_channel_costs_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_channel_costs_channel_id_month",
                table: "channel_costs",
                columns: new[] { "channel_id", "month" },
                unique: true);

            // Each channel's old single cost becomes a row for every month (in the workspace's zone) in which deals of it
            // were created (docs/metrics.md, "Channel quality").
            migrationBuilder.Sql(
                """
                INSERT INTO channel_costs (channel_id, month, amount, currency)
                SELECT DISTINCT c.id, date_trunc('month', d.created_at AT TIME ZONE w.time_zone_id)::date, c.cost_per_month,
                       COALESCE(c.currency, w.base_currency)
                FROM channels c JOIN deals d ON d.channel_id = c.id
                CROSS JOIN (SELECT time_zone_id, base_currency FROM workspace_settings LIMIT 1) w
                WHERE c.cost_per_month IS NOT NULL AND d.created_at IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "cost_per_month",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "currency",
                table: "channels");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_costs");

            migrationBuilder.AddColumn<decimal>(
                name: "cost_per_month",
                table: "channels",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "channels",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);
        }
    }
}
