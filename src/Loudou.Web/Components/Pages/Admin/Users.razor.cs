using System.Globalization;
using Loudou.Core;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Access;
using MudBlazor;

namespace Loudou.Web.Components.Pages.Admin;

public partial class Users
{
    /// <summary>The team select's value for "no team" (a team name is never blank).</summary>
    private const string NoTeam = "";

    private static readonly UserRole[] Roles = [UserRole.Rep, UserRole.Manager, UserRole.Admin];

    private IReadOnlyList<UserSummary>? _users;
    private IReadOnlyList<(string Name, int Members)> _teams = [];
    private WorkspaceProfile? _profile;
    private string? _error;
    private (string Login, string Password)? _password;

    private bool _adding;
    private string? _login, _name, _team = NoTeam;
    private UserRole _role = UserRole.Rep;
    private string? _teamFrom, _teamTo, _newTeam;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        (_profile, _users, _teams) = await Work.ReadAsync(async services =>
        {
            var admin = services.GetRequiredService<UserAdmin>();
            return (await WorkspaceProfile.ReadAsync(services.GetRequiredService<LoudouDbContext>()), await admin.ListAsync(), await admin.TeamsAsync());
        });
    }

    /// <summary>Adds the user with a generated password, shown once for the admin to hand over.</summary>
    private async Task AddAsync()
    {
        var login = _login?.Trim() ?? "";
        var (secret, ok) = await TryAsync(async admin => (await admin.AddAsync(login, _role, _team, string.IsNullOrWhiteSpace(_name) ? null : _name.Trim(), null)).Password);
        if (ok)
        {
            _password = (login, secret!);
            (_adding, _login, _name) = (false, null, null);
            Snackbar.Add(T["Users.Added", login], Severity.Success);
        }
    }

    private async Task ResetAsync(UserSummary user)
    {
        var (secret, ok) = await TryAsync(admin => admin.SetPasswordAsync(user.Login, null));
        if (ok)
        {
            _password = (user.Login, secret!);
        }
    }

    private Task ChangeRoleAsync(UserSummary user, string role) =>
        RunAsync(user, (admin, login) => admin.ChangeRoleAsync(login, Enum.Parse<UserRole>(role, ignoreCase: true)), "Users.RoleChanged");

    private Task MoveAsync(UserSummary user, string team) =>
        RunAsync(user, (admin, login) => admin.MoveToTeamAsync(login, team), "Users.Moved");

    private async Task RunAsync(UserSummary user, Func<UserAdmin, string, Task> change, string done)
    {
        var (_, ok) = await TryAsync(async admin =>
        {
            await change(admin, user.Login);
            return true;
        });
        if (ok)
        {
            Snackbar.Add(T[done, user.Login], Severity.Success);
        }
    }

    private async Task AddTeamAsync()
    {
        var name = _newTeam?.Trim() ?? "";
        var (_, ok) = await TryAsync(async admin =>
        {
            await admin.AddTeamAsync(name);
            return true;
        });
        if (ok)
        {
            Snackbar.Add(T["Users.TeamAdded", name], Severity.Success);
            _newTeam = null;
        }
    }

    private async Task RenameTeamAsync()
    {
        var (_, ok) = await TryAsync(async admin =>
        {
            await admin.RenameTeamAsync(_teamFrom!.Trim(), _teamTo!);
            return true;
        });
        if (ok)
        {
            Snackbar.Add(T["Users.TeamRenamed", _teamFrom!.Trim(), _teamTo!.Trim()], Severity.Success);
            (_teamFrom, _teamTo) = (null, null);
        }
    }

    /// <summary>Runs one change as the signed-in admin; a refused one is said above the table, and the list is read again either way.</summary>
    private async Task<(T? Result, bool Ok)> TryAsync<T>(Func<UserAdmin, Task<T>> change)
    {
        _error = null;
        try
        {
            var (result, changed) = await Work.TryWriteAsync(services => change(services.GetRequiredService<UserAdmin>()));
            return (result, !changed);
        }
        catch (DomainRuleException e)
        {
            _error = e.Message;
            return (default, false);
        }
        finally
        {
            await LoadAsync();
        }
    }

    private static string Key(UserRole role) => role.ToString().ToLowerInvariant();

    private string RoleName(UserRole role) => T["Role." + Key(role)];

    private string When(DateTimeOffset at) =>
        _profile is { } profile ? TimeZoneInfo.ConvertTime(at, profile.Calendar.Zone).ToString("g", CultureInfo.CurrentCulture) : "";
}
