using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loudou.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DealProbabilityFollowsStage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "manual_probability",
                table: "deals",
                type: "double precision",
                nullable: true);

            // Repairs stored deals: won 1, lost 0, open ones follow their stage unless set by hand (ProbabilityRepair).
            foreach (var statement in Loudou.Storage.Deals.ProbabilityRepair.Statements)
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "manual_probability",
                table: "deals");
        }
    }
}
