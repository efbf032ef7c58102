namespace Loudou.Bench.Web;

/// <summary>Timings in milliseconds; every figure is computed from all of them (type 7 quantiles, as the engine's).</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];
    private readonly Lock _sync = new();

    public int Count => _values.Count;

    public void Add(double milliseconds)
    {
        lock (_sync)
        {
            _values.Add(milliseconds);
        }
    }

    public double Quantile(double q)
    {
        lock (_sync)
        {
            return Core.Analytics.Quantile.Continuous([.. _values], q) ?? double.NaN;
        }
    }

    public double Median => Quantile(0.5);

    public double Max
    {
        get
        {
            lock (_sync)
            {
                return _values.Count == 0 ? double.NaN : _values.Max();
            }
        }
    }

    public string All()
    {
        lock (_sync)
        {
            return string.Join(", ", _values.Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Runs <paramref name="work"/> and adds its wall time.</summary>
    public async Task<T> TimeAsync<T>(Func<Task<T>> work)
    {
        var started = TimeProvider.System.GetTimestamp();
        var result = await work();
        Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    public T Time<T>(Func<T> work)
    {
        var started = TimeProvider.System.GetTimestamp();
        var result = work();
        Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }
}
