namespace Loudou.Core.Pipelines;

/// <summary>Whether a stage is still open or an outcome. Always explicit, never inferred from probability.</summary>
public enum StageKind
{
    Open,
    Won,
    Lost,
}
