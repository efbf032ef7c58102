namespace Loudou.Storage.Analytics;

/// <summary>One single-valued dimension read into a column: each distinct value once, and a code per deal (0: blank).</summary>
/// <remarks>
/// A value gets its code when the first deal holding it is read, so the list holds only values some deal holds, as the
/// row snapshot's dimensions do; the code array is made only then, so a dimension no deal fills is left out entirely.
/// </remarks>
internal sealed class DimensionCodes
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly Dictionary<int, int> _byId = [];
    private readonly List<string> _values = [""];
    private int[]? _deals;

    /// <summary>Whether some deal holds a value.</summary>
    public bool Any => _deals is not null;

    /// <summary>The values (code 0 is "") and each deal's code, the arrays sized <paramref name="capacity"/>.</summary>
    public (IReadOnlyList<string> Values, int[] Codes) Column(int capacity)
    {
        if (_deals!.Length != capacity)
        {
            Array.Resize(ref _deals, capacity);
        }
        return (_values, _deals);
    }

    /// <summary>Sets a deal's value; blank or empty is no value, as the row loader's <c>Put</c> reads it.</summary>
    public void Put(int deal, string? value, int capacity)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Store(deal, Encode(value), capacity);
        }
    }

    /// <summary>Sets a deal's value through the id of a reference row (channel, user, team, loss reason), each id resolved and encoded once.</summary>
    public void PutId(int deal, int? id, IReadOnlyDictionary<int, string> names, int capacity)
    {
        if (id is not { } key)
        {
            return;
        }
        if (!_byId.TryGetValue(key, out var code))
        {
            code = names.TryGetValue(key, out var name) && name.Length > 0 ? Encode(name) : 0;
            _byId[key] = code;
        }
        if (code != 0)
        {
            Store(deal, code, capacity);
        }
    }

    private int Encode(string value)
    {
        if (!_codes.TryGetValue(value, out var code))
        {
            code = _values.Count;
            _codes.Add(value, code);
            _values.Add(value);
        }
        return code;
    }

    private void Store(int deal, int code, int capacity)
    {
        _deals ??= new int[capacity];
        if (deal >= _deals.Length)
        {
            Array.Resize(ref _deals, Math.Max(capacity, deal + 1));
        }
        _deals[deal] = code;
    }
}
