using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EmailTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "account",
                table: "notification_targets",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "from",
                table: "notification_targets",
                type: "TEXT",
                maxLength: 254,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "account",
                table: "notification_targets");

            migrationBuilder.DropColumn(
                name: "from",
                table: "notification_targets");
        }
    }
}
