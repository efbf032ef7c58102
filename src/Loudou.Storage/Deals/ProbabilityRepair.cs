namespace Loudou.Storage.Deals;

/// <summary>
/// The data repair of the migration that made probability follow the stage (docs/glossary.md, "Probability"):
/// one SQL text for SQLite and PostgreSQL.
/// </summary>
/// <remarks>
/// Before it, a deal kept the probability of the stage it was created in, so every demo deal and every imported
/// deal (built in its first stage, then given its history) held the first stage's default whatever its stage.
/// Won deals get 1 and lost ones 0. An open deal whose probability is neither its stage's default nor its
/// pipeline's first stage's was set by a person: it is kept, as set by hand. Every other open deal follows its stage.
/// </remarks>
public static class ProbabilityRepair
{
    public static IReadOnlyList<string> Statements { get; } =
    [
        """
        UPDATE deals SET manual_probability = probability
        WHERE stage_id IN (SELECT id FROM stages WHERE kind = 'Open')
          AND probability <> (SELECT s.default_probability FROM stages s WHERE s.id = deals.stage_id)
          AND probability <> (SELECT s.default_probability FROM stages s WHERE s.pipeline_id = deals.pipeline_id ORDER BY s.position LIMIT 1)
        """,
        "UPDATE deals SET probability = 1 WHERE stage_id IN (SELECT id FROM stages WHERE kind = 'Won')",
        "UPDATE deals SET probability = 0 WHERE stage_id IN (SELECT id FROM stages WHERE kind = 'Lost')",
        """
        UPDATE deals SET probability = (SELECT s.default_probability FROM stages s WHERE s.id = deals.stage_id)
        WHERE manual_probability IS NULL AND stage_id IN (SELECT id FROM stages WHERE kind = 'Open')
        """,
    ];
}
