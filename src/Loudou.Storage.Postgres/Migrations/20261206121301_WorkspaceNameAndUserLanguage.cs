using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Postgres.Migrations
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
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "users",
                type: "character varying(16)",
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
