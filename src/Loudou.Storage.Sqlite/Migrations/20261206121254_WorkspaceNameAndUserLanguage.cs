using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WorkspaceNameAndUserLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "name",
                table: "workspace_settings",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "users",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "name",
                table: "workspace_settings");

            migrationBuilder.DropColumn(
                name: "language",
                table: "users");
        }
    }
}
