using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UserLastSignInAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "last_sign_in_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_sign_in_at",
                table: "users");
        }
    }
}
