using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Sqlite.Migrations
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
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    channel_id = table.Column<int>(type: "INTEGER", nullable: false),
                    month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
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

            // Each channel's old single cost becomes a row for every month in which deals of it were created. SQLite has no
            // time zones, so the month is the UTC month of the creation (docs/metrics.md, "Channel quality"); PostgreSQL's
            // migration uses the workspace's zone.
            migrationBuilder.Sql(
                """
                INSERT INTO channel_costs (channel_id, month, amount, currency)
                SELECT DISTINCT c.id, substr(d.created_at, 1, 7) || '-01', c.cost_per_month,
                       COALESCE(c.currency, (SELECT base_currency FROM workspace_settings LIMIT 1))
                FROM channels c JOIN deals d ON d.channel_id = c.id
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
                type: "TEXT",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "channels",
                type: "TEXT",
                maxLength: 3,
                nullable: true);
        }
    }
}
