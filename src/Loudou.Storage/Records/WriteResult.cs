namespace Loudou.Storage.Records;

/// <summary>How a write to an account, contact, activity, task or token ended.</summary>
public enum WriteStatus
{
    Done,
    NotFound,
    Invalid,

    /// <summary>The caller sees the record but their role may not do this to it.</summary>
    Forbidden,

    /// <summary>The record is in a state that refuses the write, such as an account that deals still use.</summary>
    Conflict,

    /// <summary>The record changed since the caller read it: the write expected another version.</summary>
    VersionConflict,
}

/// <summary>The outcome of a write: the record's id when done, else what was wrong.</summary>
/// <param name="Errors">Bad fields, on <see cref="WriteStatus.Invalid"/>.</param>
/// <param name="Message">Why, on <see cref="WriteStatus.Forbidden"/> and <see cref="WriteStatus.Conflict"/>.</param>
/// <param name="Version">The record's version now, on <see cref="WriteStatus.VersionConflict"/>.</param>
public sealed record WriteResult(WriteStatus Status, long? Id = null, IReadOnlyDictionary<string, string[]>? Errors = null, string? Message = null, int? Version = null)
{
    public static WriteResult Done(long id) => new(WriteStatus.Done, id);

    public static WriteResult NotFound { get; } = new(WriteStatus.NotFound);

    public static WriteResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(WriteStatus.Invalid, Errors: errors);

    public static WriteResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static WriteResult Forbidden(string message) => new(WriteStatus.Forbidden, Message: message);

    public static WriteResult Conflict(string message) => new(WriteStatus.Conflict, Message: message);

    public static WriteResult Stale(int version) => new(WriteStatus.VersionConflict, Version: version);
}
