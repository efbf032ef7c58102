using Loudou.Import;

namespace Loudou.Web.Imports;

/// <summary>The imports this host runs in the background, one at a time, and the latest ones that ended, for the import page.</summary>
/// <remarks>
/// A run belongs to the host, not to the page that started it: a refresh or a closed tab leaves it
/// running, and the page lists it again. One import writes at a time (a <see cref="SemaphoreSlim"/>
/// of one): a second admin who starts one meanwhile is refused with who is importing what, never
/// interleaved. The list is in memory; after a restart the audit log keeps what was written. The
/// files of a run are deleted when it ends.
/// </remarks>
public sealed class ImportRuns(ILogger<ImportRuns> logger)
{
    private const int Kept = 10;
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<ImportRun> _runs = [];

    /// <summary>Running and recent runs, newest first.</summary>
    public IReadOnlyList<ImportRun> Recent
    {
        get
        {
            lock (_lock)
            {
                return [.. _runs];
            }
        }
    }

    public ImportRun? Find(Guid id) => Recent.FirstOrDefault(r => r.Id == id);

    /// <summary>Starts <paramref name="work"/> in the background unless another import is running.</summary>
    /// <param name="folder">The run's files, deleted when it ends.</param>
    /// <returns>The run, or null with the run that holds the host's one import slot.</returns>
    public (ImportRun? Started, ImportRun? Busy) TryStart(ImportRequest request, string folder, Func<IProgress<ImportProgress>, CancellationToken, Task<ImportResult>> work)
    {
        if (!_one.Wait(0))
        {
            return (null, Recent.FirstOrDefault(r => r.State == ImportRunState.Running));
        }
        var run = new ImportRun(request);
        lock (_lock)
        {
            _runs.Insert(0, run);
            // Running runs are never dropped: only one can be, and it is the newest.
            while (_runs.Count > Kept)
            {
                _runs.RemoveAt(_runs.Count - 1);
            }
        }
        _ = Task.Run(async () =>
        {
            try
            {
                run.Finish(await work(run, run.Stopping.Token), null);
            }
            catch (OperationCanceledException) when (run.Stopping.IsCancellationRequested)
            {
                run.Finish(null, null);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Import of {Files} by {By} failed", string.Join(", ", request.Files.Select(Path.GetFileName)), request.By);
                run.Finish(null, e is Core.LoudouException ? e.Message : e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                _one.Release();
                TryDelete(folder);
            }
        });
        return (run, null);
    }

    private void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Import folder {Folder} could not be deleted", folder);
        }
    }
}

public enum ImportRunState
{
    Running,
    Written,

    /// <summary>Ended without writing: errors without "skip invalid rows", or no valid row.</summary>
    NothingWritten,
    Cancelled,
    Failed,
}

/// <summary>One background import: what it reads, where it is, and how it ended.</summary>
public sealed class ImportRun(ImportRequest request) : IProgress<ImportProgress>
{
    public Guid Id { get; } = Guid.NewGuid();

    public ImportRequest Request { get; } = request;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? EndedAt { get; private set; }

    public ImportProgress? Progress { get; private set; }

    public ImportResult? Result { get; private set; }

    public string? Error { get; private set; }

    public ImportRunState State { get; private set; } = ImportRunState.Running;

    internal CancellationTokenSource Stopping { get; } = new();

    /// <summary>Asks the run to stop; the engine rolls its transaction back, so the database stays as it was.</summary>
    public void Cancel() => Stopping.Cancel();

    public void Report(ImportProgress value) => Progress = value;

    internal void Finish(ImportResult? result, string? error)
    {
        (Result, Error, EndedAt) = (result, error, DateTimeOffset.UtcNow);
        State = error is not null ? ImportRunState.Failed
            : result is null ? ImportRunState.Cancelled
            : result.Written ? ImportRunState.Written : ImportRunState.NothingWritten;
    }
}
