using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UnusedForeignKeyIndexesDropped : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stage_transitions_by_user_id",
                table: "stage_transitions");

            migrationBuilder.DropIndex(
                name: "ix_deals_loss_reason_id",
                table: "deals");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_stage_transitions_by_user_id",
                table: "stage_transitions",
                column: "by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_loss_reason_id",
                table: "deals",
                column: "loss_reason_id");
        }
    }
}
