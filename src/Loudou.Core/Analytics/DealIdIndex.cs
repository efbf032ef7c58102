namespace Loudou.Core.Analytics;

/// <summary>Deal id to its index among columns of deals: how a bulk load places the rows read after the deals (history, tags, products, custom values).</summary>
/// <remarks>Ids from a sequence are dense, so an array over their range is the usual case (4 bytes an id, no hashing); scattered ids fall back to a dictionary.</remarks>
public sealed class DealIdIndex
{
    private readonly long _min;
    private readonly int[]? _dense;
    private readonly Dictionary<long, int>? _sparse;

    /// <exception cref="DomainRuleException">Field "deal_id": an id appears twice.</exception>
    public DealIdIndex(long[] ids, int count)
    {
        long min = long.MaxValue, max = long.MinValue;
        for (var d = 0; d < count; d++)
        {
            min = Math.Min(min, ids[d]);
            max = Math.Max(max, ids[d]);
        }
        if (count > 0 && max - min < 4L * count + 1024)
        {
            _min = min;
            _dense = new int[max - min + 1];
            Array.Fill(_dense, -1);
            for (var d = 0; d < count; d++)
            {
                if (_dense[ids[d] - min] >= 0)
                {
                    Twice(ids[d]);
                }
                _dense[ids[d] - min] = d;
            }
            return;
        }
        _sparse = new Dictionary<long, int>(count);
        for (var d = 0; d < count; d++)
        {
            if (!_sparse.TryAdd(ids[d], d))
            {
                Twice(ids[d]);
            }
        }
    }

    /// <summary>The deal's index; -1 for an id not among the deals (in a host's load: a deal created after the deals were read).</summary>
    public int Of(long id)
    {
        if (_dense is not null)
        {
            var offset = id - _min;
            return offset >= 0 && offset < _dense.Length ? _dense[offset] : -1;
        }
        return _sparse!.TryGetValue(id, out var d) ? d : -1;
    }

    private static void Twice(long id) => Guard.Throw("deal_id", $"deal {id} appears twice.");
}
