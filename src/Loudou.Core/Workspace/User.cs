namespace Loudou.Core.Workspace;

/// <summary>A person who signs in: a rep, a manager or an admin.</summary>
/// <remarks>
/// The columns are the ones ASP.NET Core Identity's user store needs (normalized name, password
/// hash, security and concurrency stamps, lockout), so sign-in sits on this table rather than on a
/// second user table. A user is disabled, never deleted, because deals and history point at them.
/// </remarks>
public sealed class User
{
    private User(string loginName, string displayName, UserRole role, int? teamId)
    {
        LoginName = loginName;
        NormalizedLoginName = Normalize(loginName);
        DisplayName = displayName;
        Role = role;
        TeamId = teamId;
    }

    public int Id { get; private set; }

    public string LoginName { get; private set; }

    /// <summary>Upper-case invariant form of <see cref="LoginName"/>, unique, for look-ups.</summary>
    public string NormalizedLoginName { get; private set; }

    public string DisplayName { get; private set; }

    public UserRole Role { get; private set; }

    public int? TeamId { get; private set; }

    public Team? Team { get; private set; }

    public bool IsActive { get; private set; } = true;

    public string? Email { get; private set; }

    public string? NormalizedEmail { get; private set; }

    /// <summary>The language the user chose for the pages (a <see cref="Languages"/> tag); null to follow the browser.</summary>
    public string? Language { get; private set; }

    public string? PasswordHash { get; private set; }

    /// <summary>Changes whenever credentials change, which signs out existing sessions.</summary>
    public string SecurityStamp { get; private set; } = NewStamp();

    public string ConcurrencyStamp { get; private set; } = NewStamp();

    public bool LockoutEnabled { get; private set; } = true;

    public DateTimeOffset? LockoutEnd { get; private set; }

    public int AccessFailedCount { get; private set; }

    /// <summary>When the user last signed in on a page; null for never (API tokens do not count).</summary>
    public DateTimeOffset? LastSignInAt { get; private set; }

    public static User Create(string loginName, string displayName, UserRole role, Team? team)
    {
        var login = Guard.Required(loginName, "login", 64);
        if (login.Any(char.IsWhiteSpace))
        {
            Guard.Throw("login", $"login '{login}' must not contain spaces.");
        }
        var user = new User(login, Guard.Required(displayName, "displayName", 100), role, team?.Id) { Team = team };
        return user;
    }

    public static string Normalize(string loginName) => loginName.Trim().ToUpperInvariant();

    public void Rename(string displayName) => DisplayName = Guard.Required(displayName, "displayName", 100);

    public void ChangeRole(UserRole role) => Role = role;

    public void MoveToTeam(Team? team)
    {
        Team = team;
        TeamId = team?.Id;
    }

    public void ChooseLanguage(string? language) => Language = Languages.Check(language, "language");

    public void ChangeEmail(string? email)
    {
        Email = Guard.Optional(email, "email", 254);
        NormalizedEmail = Email?.ToUpperInvariant();
    }

    /// <summary>Sets a hash produced by the host's password hasher; the plain password never reaches Core.</summary>
    public void SetPasswordHash(string? passwordHash)
    {
        PasswordHash = passwordHash;
        SecurityStamp = NewStamp();
    }

    /// <summary>Sets a stamp chosen by the host's identity system (it renews the stamp on credential changes).</summary>
    public void SetSecurityStamp(string stamp) => SecurityStamp = Guard.Required(stamp, "securityStamp", 64);

    public void Disable()
    {
        IsActive = false;
        SecurityStamp = NewStamp();
    }

    public void Enable() => IsActive = true;

    public void RecordFailedSignIn() => AccessFailedCount++;

    public void ResetFailedSignIns() => AccessFailedCount = 0;

    public void LockOutUntil(DateTimeOffset? end) => LockoutEnd = end;

    public void SetLockoutEnabled(bool enabled) => LockoutEnabled = enabled;

    public void RecordSignIn(DateTimeOffset at) => LastSignInAt = at;

    /// <summary>Whether failed sign-ins lock the user out now.</summary>
    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd > now;

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
