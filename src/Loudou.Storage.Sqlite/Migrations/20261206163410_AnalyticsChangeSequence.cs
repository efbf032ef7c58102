using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsChangeSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analytics_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    deals = table.Column<string>(type: "TEXT", maxLength: 10500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_changes", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "analytics_changes");
        }
    }
}
