using Loudou.Core;

namespace Loudou.Storage.Backup;

/// <summary>A backup or restore that was not done, with the reason in words a person can act on.</summary>
public sealed class BackupRefusedException(string message) : LoudouException(message);
