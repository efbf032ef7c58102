using System.Text.RegularExpressions;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Storage.Tests.Access;

/// <summary>
/// Guards for record scoping: every table is either scoped or declared reference data, and the
/// ways around the scope filters appear only in reviewed places (docs/access.md).
/// </summary>
/// <remarks>
/// When one of these fails, a new table or query path has appeared: scope it in
/// LoudouDbContext.Scoping.cs, or, if it must see every row, add it below with the reason, and
/// list it in docs/access.md so a reviewer sees it.
/// </remarks>
public partial class ScopeGuardTests
{
    /// <summary>Tables any signed-in user may read in full: the workspace's structure and catalogue, never deal data.</summary>
    private static readonly HashSet<string> ReferenceData =
    [
        "WorkspaceSettings", "Team", "User", "Pipeline", "Stage", "StageAction", "Channel", "ChannelCost", "Product", "LossReason", "Tag",
        "CustomField", "ConversionTarget", "SalesTarget", "ExchangeRate", "AlertRule", "ScoringModel", "Segment",
        "AnalyticsChange", "ReminderSetting", "JobRun", "NotificationTarget",
        // The web hosts' key ring: read by ASP.NET Core's data protection (at start-up, as nobody), never by a page or the API.
        "DataProtectionKey",
    ];

    /// <summary>Files allowed to step around the filters, with why. Paths are relative to src/.</summary>
    private static readonly Dictionary<string, string> ReviewedBypasses = new(StringComparer.Ordinal)
    {
        ["Loudou.Storage/Access/ApiTokens.cs"] = "finds the token of a request before anyone is signed in",
        ["Loudou.Storage/Access/IAccessScopeProvider.cs"] = "defines the operator's fixed scope",
        ["Loudou.Storage/Bulk/BulkTable.cs"] = "bulk inserts for the operator's demo and imports; writes only",
        ["Loudou.Storage/Bulk/BulkLoad.cs"] = "page cache and index rebuild around a bulk import; reads only the schema and row counts",
        ["Loudou.Storage/LoudouDatabase.cs"] = "opens contexts for the command line, start-up and tests; sets SQLite's journal mode",
        ["Loudou.Storage/LoudouDbContext.Scoping.cs"] = "defines the filters (and names the bypass in its comment)",
        ["Loudou.Storage.Sqlite/SqliteDesignTimeFactory.cs"] = "dotnet ef at design time; no rows are read",
        ["Loudou.Storage.Postgres/PostgresDesignTimeFactory.cs"] = "dotnet ef at design time; no rows are read",
        ["Loudou.Import/Writing/DealImportWriter.cs"] = "locks the deals and accounts tables on PostgreSQL for a bulk import; ImportEngine refuses any scope narrower than the whole workspace",
        ["Loudou.Import/Writing/ExistingDeal.cs"] = "reads a chunk of stored deals for an import without the scope filters; ImportEngine refuses any scope narrower than the whole workspace",
        ["Loudou.Import/Pull/PullQuery.cs"] = "runs the user's query on another database (the pull source), never on Loudou's; the rows then go through ImportEngine, which requires the whole workspace",
        ["Loudou.Web/Startup/DatabaseStartup.cs"] = "migrates and seeds before the first request, as the operator",
        ["Loudou.Storage/Reminders/ReminderRun.cs"] = "finds every deal's reminders for its owner; refuses any scope narrower than the whole workspace",
        ["Loudou.Storage/Backup/DatabaseContents.cs"] = "counts deals and users and lists tables with plain SQL for backup and restore (the operator's), whose schema may not be the model's",
        ["Loudou.Storage/Backup/DatabaseBackup.cs"] = "backs up and restores the whole database for the operator (command line, backup job)",
        ["Loudou.Storage/Bulk/TableStatistics.cs"] = "refreshes the planner's statistics (ANALYZE, PRAGMA optimize) after a bulk load; reads no rows",
        ["Loudou.Web/Scheduling/RecordedJob.cs"] = "opens the recurring jobs' contexts as the operator: a job acts for nobody in particular",
        ["Loudou.Web/Api/TeamAnswers.cs"] = "a rep's rank is computed among their team's reps: reads the team's follow-up tasks through a context scoped to that team, and answers the rep only their own row",
        ["Loudou.Web/Startup/FirstRunSetup.cs"] = "asks whether the database has users and runs the first-run setup, before anyone can be signed in",
        ["Loudou.Web/Localization/WorkspaceLanguage.cs"] = "reads the workspace's default language (reference data) for requests of people not yet signed in",
        ["Loudou.Web/Analytics/AnalyticsSnapshots.cs"] = "keeps every deal of a pipeline in memory for analytics; each query applies its caller's scope as a mask in Core (FunnelQuery.Scope), tested against the filters",
    };

    [Fact]
    public async Task Every_table_is_either_scoped_or_declared_reference_data()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrated: false);
        await using var db = database.NewContext();

        var unscoped = db.Model.GetEntityTypes()
            .Where(t => t.GetDeclaredQueryFilters().Count == 0)
            .Select(t => t.ClrType.Name)
            .Where(name => !ReferenceData.Contains(name))
            .ToList();

        Assert.True(unscoped.Count == 0, "Tables with no scope filter that are not declared reference data: " + string.Join(", ", unscoped));
    }

    [Fact]
    public void Ways_around_the_scope_filters_appear_only_in_reviewed_files()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(src, "*.razor", SearchOption.AllDirectories)))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            // Core holds no queries; the command line is the operator's own tool and sees every row by design;
            // migrations are generated schema changes.
            if (relative.StartsWith("Loudou.Core/", StringComparison.Ordinal)
                || relative.StartsWith("Loudou.Cli/", StringComparison.Ordinal)
                || relative.Contains("/Migrations/", StringComparison.Ordinal)
                || relative.Contains("/obj/", StringComparison.Ordinal)
                || ReviewedBypasses.ContainsKey(relative))
            {
                continue;
            }
            var text = File.ReadAllText(file);
            offenders.AddRange(Bypass().Matches(text).Select(m => $"{relative}: {m.Value}"));
        }

        Assert.True(offenders.Count == 0, "Scope bypasses outside the reviewed files (see docs/access.md): " + string.Join("; ", offenders));
    }

    [Fact]
    public void The_bypass_pattern_catches_each_way_around_the_filters()
    {
        string[] samples =
        [
            "db.Deals.IgnoreQueryFilters()", "db.Deals.FromSqlRaw(\"select\")", "db.Database.SqlQuery<int>($\"x\")",
            "db.Database.ExecuteSqlRawAsync(\"x\")", "db.Database.GetDbConnection()", "connection.CreateCommand()",
            "AccessScope.Everything", "FixedAccessScope.Everything", "LoudouDatabase.CreateContext(target)",
        ];

        Assert.All(samples, sample => Assert.Matches(Bypass(), sample));
        Assert.DoesNotMatch(Bypass(), "db.Deals.Where(d => d.Id == id).ToListAsync()");
    }

    [GeneratedRegex(@"IgnoreQueryFilters|FromSql\w*|SqlQuery\w*|ExecuteSql\w*|GetDbConnection|CreateCommand|AccessScope\.Everything|LoudouDatabase\.CreateContext")]
    private static partial Regex Bypass();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Loudou.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Loudou.slnx not found above " + AppContext.BaseDirectory);
    }
}
