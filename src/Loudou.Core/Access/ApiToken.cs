namespace Loudou.Core.Access;

/// <summary>A bearer token for the API, acting as its user with the same scoping.</summary>
/// <remarks>Only a hash of the token is stored; the token itself is shown once, when created.</remarks>
public sealed class ApiToken
{
    private ApiToken(int userId, string name, string tokenHash, DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        UserId = userId;
        Name = name;
        TokenHash = tokenHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public int Id { get; private set; }

    public int UserId { get; private set; }

    public string Name { get; private set; }

    /// <summary>Hex SHA-256 of the token, unique.</summary>
    public string TokenHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public static ApiToken Create(int userId, string name, string tokenHash, DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        if (expiresAt <= createdAt)
        {
            Guard.Throw("expiresAt", $"{new FieldName("expiresAt")} must be after the moment the token is created.");
        }
        return new(userId, Guard.Required(name, "name", 100), Guard.Required(tokenHash, "tokenHash", 128), createdAt, expiresAt);
    }

    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);

    public void Revoke(DateTimeOffset at) => RevokedAt ??= at;

    public void MarkUsed(DateTimeOffset at) => LastUsedAt = at;
}
