using Loudou.Core;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Loudou.Web.Components.Pages.Setup;

/// <summary>The setup form's values as posted, and their checks, each problem kept on its field in the page's language.</summary>
/// <remarks>
/// The rules are the domain's (the zone and currency as workspace settings read them, logins as users take them, pipeline
/// files as `loudou pipeline apply` checks them); this only says which field is wrong in words for the person at the form.
/// </remarks>
public sealed class SetupForm
{
    /// <summary>The largest pipeline file the form takes: the built-in ones are a few kilobytes.</summary>
    public const int MaxPipelineFileBytes = 1_000_000;

    /// <summary>Offered first in the currency field; any ISO 4217 code the system knows is accepted.</summary>
    public static IReadOnlyList<string> CommonCurrencies { get; } = ["CNY", "HKD", "TWD", "USD", "EUR", "GBP", "JPY", "KRW", "SGD", "AUD", "CAD"];

    /// <summary>The IANA zones this system knows (those with a region, such as Asia/Shanghai), offered wherever a zone is chosen.</summary>
    public static IReadOnlyList<string> TimeZones { get; } = [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/')).Order(StringComparer.Ordinal)];

    public string? Code { get; private init; }
    public string? WorkspaceName { get; private init; }
    public string? TimeZone { get; private init; }
    public string? BaseCurrency { get; private init; }
    public string? Language { get; private init; }
    public string? AdminLogin { get; private init; }
    public string? AdminName { get; private init; }
    public string? Template { get; private init; }
    private string? Password { get; init; }
    private string? PasswordAgain { get; init; }

    /// <summary>Problems by field name (the inputs' names); empty when the form is good.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>What a fresh form shows: the defaults a new workspace would get, in the language the page is read in.</summary>
    public static SetupForm Initial(string language, string? code) => new()
    {
        Code = code,
        TimeZone = WorkspaceDefaults.DefaultTimeZone,
        BaseCurrency = WorkspaceDefaults.DefaultCurrency,
        Language = Languages.Check(language, "language") ?? Languages.Chinese,
        AdminLogin = "admin",
        Template = BuiltinPipelines.TemplateKeys[0],
    };

    public static SetupForm Read(IFormCollection form) => new()
    {
        Code = form["code"],
        WorkspaceName = Trimmed(form["workspaceName"]),
        TimeZone = Trimmed(form["timeZone"]),
        BaseCurrency = Trimmed(form["baseCurrency"])?.ToUpperInvariant(),
        Language = form["language"],
        AdminLogin = Trimmed(form["adminLogin"]),
        AdminName = Trimmed(form["adminName"]),
        Password = form["password"],
        PasswordAgain = form["passwordAgain"],
        Template = form["template"],
    };

    /// <summary>Checks every field; the pipeline to apply when all are good, else null with <see cref="Errors"/> filled.</summary>
    public async Task<PipelineDefinition?> CheckAsync(IStringLocalizer<Text> t, IFormFile? pipelineFile)
    {
        Require("workspaceName", WorkspaceName, t);
        Check("timeZone", TimeZone, t, zone => WorkspaceCalendar.FindZone(zone), t["Setup.ZoneUnknown", TimeZone ?? ""]);
        Check("baseCurrency", BaseCurrency, t, currency => Guard.Currency(currency, "baseCurrency"), t["Setup.CurrencyUnknown", BaseCurrency ?? ""]);
        Check("language", Language, t, language => Languages.Check(language, "language"), t["Setup.LanguageUnknown"]);
        Check("adminLogin", AdminLogin, t, login => User.Create(login, "-", UserRole.Admin, null), t["Setup.LoginInvalid"]);
        Require("adminName", AdminName, t);
        if (string.IsNullOrEmpty(Password))
        {
            Errors["password"] = t["Setup.Required"];
        }
        else if (Password.Length < UserAdmin.MinPasswordLength)
        {
            Errors["password"] = t["Setup.PasswordShort", UserAdmin.MinPasswordLength];
        }
        else if (!string.Equals(Password, PasswordAgain, StringComparison.Ordinal))
        {
            Errors["passwordAgain"] = t["Setup.PasswordsDiffer"];
        }
        var pipeline = await PipelineAsync(t, pipelineFile);
        return Errors.Count == 0 ? pipeline : null;
    }

    public SetupChoices Choices(PipelineDefinition pipeline) =>
        new(WorkspaceName!, TimeZone!, BaseCurrency!, Language!, AdminLogin!, AdminName!, Password!, pipeline);

    /// <summary>An uploaded file wins over the template; its errors are the pipeline file checker's, with their JSON paths.</summary>
    private async Task<PipelineDefinition?> PipelineAsync(IStringLocalizer<Text> t, IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            if (BuiltinPipelines.Template(Template ?? "") is { } template)
            {
                return template;
            }
            Errors["template"] = t["Setup.TemplateUnknown"];
            return null;
        }
        if (file.Length > MaxPipelineFileBytes)
        {
            Errors["pipelineFile"] = t["Setup.FileTooLarge", file.FileName, MaxPipelineFileBytes / 1000];
            return null;
        }
        using var reader = new StreamReader(file.OpenReadStream());
        var parsed = PipelineFile.Parse(await reader.ReadToEndAsync(), DealFields.BuiltIn);
        if (parsed.Definition is null)
        {
            Errors["pipelineFile"] = t["Setup.FileInvalid", file.FileName] + " " + string.Join("; ", parsed.Errors.Take(5));
        }
        return parsed.Definition;
    }

    private void Require(string field, string? value, IStringLocalizer<Text> t)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Errors[field] = t["Setup.Required"];
        }
    }

    private void Check(string field, string? value, IStringLocalizer<Text> t, Action<string> rule, string message)
    {
        Require(field, value, t);
        if (Errors.ContainsKey(field))
        {
            return;
        }
        try
        {
            rule(value!);
        }
        catch (DomainRuleException)
        {
            Errors[field] = message;
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
