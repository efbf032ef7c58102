using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Loudou.Core;

/// <summary>Argument checks shared by the guarded methods of the domain types.</summary>
/// <remarks>Public so that callers can check a whole request field by field and report every bad field at once, by the same rules.</remarks>
public static class Guard
{
    public static string Required(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Throw(field, $"{field} is required.");
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Throw(field, $"{field} is longer than {maxLength} characters.");
        }
        return trimmed;
    }

    public static string? Optional(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Throw(field, $"{field} is longer than {maxLength} characters.");
        }
        return trimmed;
    }

    /// <summary>An optional colour written "#4e79a7" or "#47a", as pipeline files write stage colours; lower case, null when blank.</summary>
    public static string? Color(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.Trim();
        if (!(text.Length is 4 or 7 && text[0] == '#' && text[1..].All(char.IsAsciiHexDigit)))
        {
            Throw(field, $"{field} must be a colour like #4e79a7, was '{text}'.");
        }
        return text.ToLowerInvariant();
    }

    /// <summary>An optional e-mail address: text, one '@' not at either end, no spaces.</summary>
    public static string? Email(string? value, string field)
    {
        var email = Optional(value, field, 254);
        if (email is not null && !IsEmail(email))
        {
            Throw(field, $"{field} is not an e-mail address: '{email}'.");
        }
        return email;
    }

    /// <summary>The loose check imports and the API share: an '@' with text before and after, and no spaces.</summary>
    public static bool IsEmail(string email) =>
        email.IndexOf('@', StringComparison.Ordinal) > 0 && !email.EndsWith('@') && !email.Any(char.IsWhiteSpace);

    /// <summary>A stable key: lower-case ASCII letters, digits, '-' and '_', starting with a letter.</summary>
    public static string Key(string? value, string field)
    {
        var key = Required(value, field, 64);
        if (!IsKey(key))
        {
            Throw(field, $"{field} '{key}' must start with a lower-case letter and hold only a-z, 0-9, '-' and '_'.");
        }
        return key;
    }

    public static bool IsKey(string value) =>
        value.Length is > 0 and <= 64
        && value[0] is >= 'a' and <= 'z'
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    public static double Probability(double value, string field)
    {
        if (!(value >= 0 && value <= 1))
        {
            Throw(field, $"{field} must be between 0 and 1, was {value}.");
        }
        return value;
    }

    public static string Currency(string? value, string field)
    {
        var code = Required(value, field, 3).ToUpperInvariant();
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            Throw(field, $"{field} '{value}' is not a three-letter ISO 4217 code.");
        }
        if (KnownCurrencies.Value.Count > 0 && !KnownCurrencies.Value.Contains(code))
        {
            Throw(field, code == "RMB"
                ? $"{field} 'RMB' is not an ISO 4217 code; the yuan is CNY."
                : $"{field} '{code}' is not a currency code this system knows (ISO 4217, such as CNY, USD, EUR).");
        }
        return code;
    }

    /// <summary>ISO 4217 codes of the currencies in use in some region, from the platform's culture data.</summary>
    /// <remarks>Empty under invariant globalization, where only the three-letter shape is checked.</remarks>
    private static readonly Lazy<HashSet<string>> KnownCurrencies = new(() =>
        CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c =>
            {
                try
                {
                    return new RegionInfo(c.Name).ISOCurrencySymbol;
                }
                catch (ArgumentException)
                {
                    return "";
                }
            })
            .Where(code => code.Length == 3)
            .ToHashSet(StringComparer.Ordinal));

    public static decimal? NonNegative(decimal? value, string field)
    {
        if (value < 0)
        {
            Throw(field, $"{field} must not be negative, was {value}.");
        }
        return value;
    }

    [DoesNotReturn]
    public static void Throw(string field, RuleMessage message) => throw new DomainRuleException(field, message);

    /// <summary>Throws as <see cref="Throw(string, RuleMessage)"/>, typed for use in an expression.</summary>
    public static T Throw<T>(string field, RuleMessage message) => throw new DomainRuleException(field, message);
}
