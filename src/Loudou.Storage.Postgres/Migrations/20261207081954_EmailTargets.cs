using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Postgres.Migrations
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "from",
                table: "notification_targets",
                type: "character varying(254)",
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
