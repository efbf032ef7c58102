namespace Loudou.Import.Writing;

/// <summary>What a write did.</summary>
internal sealed record WriteCounts(long Created, long Updated, long Unchanged, long HistoryAdded);
