namespace Loudou.Core.Analytics;

/// <summary>One dimension of a <see cref="ColumnarSnapshot"/>, dictionary-encoded: an int code per deal.</summary>
/// <remarks>
/// Most dimensions hold one value per deal (channel, owner), so the code array is the fast path; a deal
/// with several values (tags, products) gets the code -1 and its codes in a side table. The code array
/// is allocated only when some deal has a value, so a dimension nobody fills costs nothing per deal.
/// Each code keeps a count of live deals holding it, so a filter on a value nobody holds any more is refused
/// just as the plain path refuses it.
/// </remarks>
internal sealed class DimensionColumn
{
    /// <summary>The code of a deal whose values are in the side table.</summary>
    public const int Several = -1;

    private readonly List<string> _values = [""];
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<long> _holders = [0];
    private readonly Dictionary<int, int[]> _several = [];
    private int[]? _code;

    /// <summary>The code of blank: a deal without values.</summary>
    public const int Blank = 0;

    public int Count => _values.Count;

    /// <summary>Per deal its code, or <see cref="Several"/>; null while every deal is blank.</summary>
    public int[]? Codes => _code;

    public string Value(int code) => _values[code];

    public int? CodeOf(string value) => _codes.TryGetValue(value, out var code) ? code : null;

    /// <summary>Whether some deal holds several values (and so is in several groups of a breakdown).</summary>
    public bool HasSeveral => _several.Count > 0;

    /// <summary>Whether any live deal holds the value's code.</summary>
    public bool Held(int code) => _holders[code] > 0;

    public long MemoryBytes => (_code?.Length ?? 0) * 4L + _several.Sum(s => 16L + (s.Value.Length * 4L)) + (_values.Sum(v => 24L + (v.Length * 2L)) * 2);

    public int Encode(string value)
    {
        if (!_codes.TryGetValue(value, out var code))
        {
            code = _values.Count;
            _codes.Add(value, code);
            _values.Add(value);
            _holders.Add(0);
        }
        return code;
    }

    /// <summary>The deal's codes: its one code, or its several from the side table.</summary>
    public ReadOnlySpan<int> CodesOf(int deal, ref int single)
    {
        single = _code is null ? Blank : _code[deal];
        return single == Several ? _several[deal] : new ReadOnlySpan<int>(ref single);
    }

    public bool Holds(int deal, int code)
    {
        var own = _code is null ? Blank : _code[deal];
        return own == code || (own == Several && Array.IndexOf(_several[deal], code) >= 0);
    }

    /// <summary>Sets a new deal's values (none: blank); the deal must not have been set before.</summary>
    public void Set(int deal, int capacity, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            _holders[Blank]++;
            return;
        }
        var codes = values.Select(Encode).ToArray();
        foreach (var code in codes)
        {
            _holders[code]++;
        }
        Grow(capacity);
        if (codes.Length == 1)
        {
            _code![deal] = codes[0];
        }
        else
        {
            _code![deal] = Several;
            _several[deal] = codes;
        }
    }

    /// <summary>A copy sharing nothing mutable (<see cref="ColumnarSnapshot.Clone"/>); the side table's arrays are never changed in place, so they are shared.</summary>
    public DimensionColumn Clone()
    {
        var copy = new DimensionColumn();
        copy._values.Clear();
        copy._values.AddRange(_values);
        copy._codes.Clear();
        foreach (var (value, code) in _codes)
        {
            copy._codes[value] = code;
        }
        copy._holders.Clear();
        copy._holders.AddRange(_holders);
        foreach (var (deal, codes) in _several)
        {
            copy._several[deal] = codes;
        }
        copy._code = (int[]?)_code?.Clone();
        return copy;
    }

    /// <summary>Adopts a whole column of single codes into <see cref="Encode"/>'s numbering (bulk load).</summary>
    public void SetAll(IReadOnlyList<string> values, int[] codes, int count, int capacity)
    {
        var map = values.Select(Encode).ToArray();
        Grow(capacity);
        var holders = new long[_values.Count];
        for (var i = 0; i < count; i++)
        {
            var code = map[codes[i]];
            _code![i] = code;
            holders[code]++;
        }
        for (var c = 0; c < holders.Length; c++)
        {
            _holders[c] += holders[c];
        }
    }

    /// <summary>Adds the values of a dimension a deal may hold several of (bulk load, after no other value of it was set): a deal without a pair is blank.</summary>
    public void SetPairs(IReadOnlyList<(int Deal, string Value)> pairs, int count, int capacity)
    {
        var byDeal = new Dictionary<int, List<int>>();
        foreach (var (deal, value) in pairs)
        {
            var code = Encode(value);
            var codes = byDeal.TryGetValue(deal, out var list) ? list : byDeal[deal] = [];
            // A value twice on one deal counts once, as a set of values does.
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }
        if (byDeal.Count > 0)
        {
            Grow(capacity);
        }
        _holders[Blank] += count - byDeal.Count;
        foreach (var (deal, codes) in byDeal)
        {
            foreach (var code in codes)
            {
                _holders[code]++;
            }
            if (codes.Count == 1)
            {
                _code![deal] = codes[0];
            }
            else
            {
                _code![deal] = Several;
                _several[deal] = [.. codes];
            }
        }
    }

    /// <summary>Forgets a deal's values (it was removed or replaced).</summary>
    public void Release(int deal)
    {
        var single = 0;
        foreach (var code in CodesOf(deal, ref single))
        {
            _holders[code]--;
        }
        _several.Remove(deal);
    }

    /// <summary>Renumbers deals after a compaction: deal <c>moves[i]</c> becomes deal i.</summary>
    public void Compact(int[] moves, int capacity)
    {
        if (_code is null)
        {
            return;
        }
        var code = new int[capacity];
        var several = new Dictionary<int, int[]>();
        for (var i = 0; i < moves.Length; i++)
        {
            code[i] = _code[moves[i]];
            if (code[i] == Several)
            {
                several[i] = _several[moves[i]];
            }
        }
        _code = code;
        _several.Clear();
        foreach (var (deal, codes) in several)
        {
            _several[deal] = codes;
        }
    }

    public void Grow(int capacity)
    {
        if (_code is null)
        {
            _code = new int[capacity];
        }
        else if (_code.Length < capacity)
        {
            Array.Resize(ref _code, capacity);
        }
    }
}
