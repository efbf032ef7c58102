using System.Text;
using Loudou.Core.Analytics;

namespace Loudou.Bench.Compare;

/// <summary>Reads the workload's two CSV files straight into <see cref="DealColumns"/> and <see cref="EventColumns"/>.</summary>
/// <remarks>
/// Each file is read into one byte array by two threads, split at a line break near the middle, and each half is
/// parsed by its own thread into its share of pre-sized columns: spans over bytes, no strings except dictionary
/// values. It reads exactly the workload's format (header line, no quotes, times as "yyyy-MM-dd HH:mm:ss" UTC,
/// amounts with a '.' point); anything else fails with the file and line.
/// </remarks>
public static class CsvColumns
{
    public static DealColumns ReadDeals(string path, int threads)
    {
        var bytes = ReadAll(path, threads);
        var parts = Split(bytes, threads);
        var offsets = Offsets(bytes, parts);
        var n = offsets[^1];
        long[] ids = new long[n], created = new long[n];
        var amounts = new decimal[n];
        int[] channels = new int[n], owners = new int[n];
        var dictionaries = new (ValueCodes Channel, ValueCodes Owner)[parts.Length];
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
        {
            var (channel, owner) = dictionaries[p] = (new ValueCodes(), new ValueCodes());
            var row = offsets[p];
            ReadOnlySpan<byte> rest = bytes.AsSpan(parts[p].Start, parts[p].Length);
            while (!rest.IsEmpty)
            {
                var line = NextLine(ref rest);
                ids[row] = Long(Field(ref line, path, row));
                channels[row] = channel.Code(Field(ref line, path, row));
                owners[row] = owner.Code(Field(ref line, path, row));
                created[row] = Ticks(Field(ref line, path, row), path, row);
                amounts[row] = Amount(Field(ref line, path, row));
                row++;
            }
        });
        return new DealColumns(n, ids, created, amounts, null, new Dictionary<string, (IReadOnlyList<string>, int[])>
        {
            ["channel"] = Merge([.. dictionaries.Select(d => d.Channel)], channels, offsets),
            ["owner"] = Merge([.. dictionaries.Select(d => d.Owner)], owners, offsets),
        });
    }

    public static EventColumns ReadEvents(string path, int threads)
    {
        var bytes = ReadAll(path, threads);
        var parts = Split(bytes, threads);
        var offsets = Offsets(bytes, parts);
        var n = offsets[^1];
        long[] deals = new long[n], ticks = new long[n];
        var stages = new byte[n];
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
        {
            var row = offsets[p];
            ReadOnlySpan<byte> rest = bytes.AsSpan(parts[p].Start, parts[p].Length);
            while (!rest.IsEmpty)
            {
                var line = NextLine(ref rest);
                deals[row] = Long(Field(ref line, path, row));
                stages[row] = (byte)Long(Field(ref line, path, row));
                ticks[row] = Ticks(Field(ref line, path, row), path, row);
                row++;
            }
        });
        return new EventColumns(n, deals, stages, ticks);
    }

    private static byte[] ReadAll(string path, int threads)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var from = length * t / threads;
            var to = length * (t + 1) / threads;
            while (from < to)
            {
                var read = RandomAccess.Read(handle, bytes.AsSpan((int)from, (int)(to - from)), from);
                if (read == 0)
                {
                    throw new IOException($"{path}: file shrank while being read.");
                }
                from += read;
            }
        });
        return bytes;
    }

    /// <summary>The data lines (header skipped) cut into one range per thread at line breaks.</summary>
    private static (int Start, int Length)[] Split(byte[] bytes, int threads)
    {
        var start = bytes.AsSpan().IndexOf((byte)'\n') + 1;
        var cuts = new List<int> { start };
        for (var t = 1; t < threads; t++)
        {
            var guess = Math.Max(cuts[^1], start + (int)((long)(bytes.Length - start) * t / threads));
            var nl = bytes.AsSpan(guess).IndexOf((byte)'\n');
            cuts.Add(nl < 0 ? bytes.Length : guess + nl + 1);
        }
        cuts.Add(bytes.Length);
        return [.. cuts.Zip(cuts.Skip(1), (a, b) => (a, b - a))];
    }

    /// <summary>The first row of each range, and the total last: line breaks counted in parallel (vectorized).</summary>
    private static int[] Offsets(byte[] bytes, (int Start, int Length)[] parts)
    {
        var counts = new int[parts.Length];
        Parallel.For(0, parts.Length, p =>
        {
            var part = bytes.AsSpan(parts[p].Start, parts[p].Length);
            counts[p] = part.Count((byte)'\n') + (part.Length > 0 && part[^1] != '\n' ? 1 : 0);
        });
        var offsets = new int[parts.Length + 1];
        for (var p = 0; p < parts.Length; p++)
        {
            offsets[p + 1] = offsets[p] + counts[p];
        }
        return offsets;
    }

    private static (IReadOnlyList<string>, int[]) Merge(ValueCodes[] parts, int[] codes, int[] offsets)
    {
        var values = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var p = 0; p < parts.Length; p++)
        {
            var map = new int[parts[p].Values.Count];
            for (var i = 0; i < map.Length; i++)
            {
                var value = parts[p].Values[i];
                if (!index.TryGetValue(value, out map[i]))
                {
                    map[i] = index[value] = values.Count;
                    values.Add(value);
                }
            }
            for (var row = offsets[p]; row < offsets[p + 1]; row++)
            {
                codes[row] = map[codes[row]];
            }
        }
        return (values, codes);
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> rest)
    {
        var nl = rest.IndexOf((byte)'\n');
        var line = nl < 0 ? rest : rest[..nl];
        rest = nl < 0 ? [] : rest[(nl + 1)..];
        return line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
    }

    private static ReadOnlySpan<byte> Field(ref ReadOnlySpan<byte> line, string path, int row)
    {
        var comma = line.IndexOf((byte)',');
        var field = comma < 0 ? line : line[..comma];
        line = comma < 0 ? [] : line[(comma + 1)..];
        if (field.IsEmpty)
        {
            throw new FormatException($"{path}, line {row + 2}: a field is missing or empty.");
        }
        return field;
    }

    private static long Long(ReadOnlySpan<byte> s)
    {
        long value = 0;
        foreach (var b in s)
        {
            value = (value * 10) + (b - '0');
        }
        return value;
    }

    private static decimal Amount(ReadOnlySpan<byte> s)
    {
        long mantissa = 0;
        byte scale = 0;
        var point = false;
        foreach (var b in s)
        {
            if (b == '.')
            {
                point = true;
                continue;
            }
            mantissa = (mantissa * 10) + (b - '0');
            scale += point ? (byte)1 : (byte)0;
        }
        return new decimal((int)mantissa, (int)(mantissa >> 32), 0, false, scale);
    }

    /// <summary>UTC ticks of "yyyy-MM-dd HH:mm:ss".</summary>
    private static long Ticks(ReadOnlySpan<byte> s, string path, int row)
    {
        if (s.Length != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
        {
            throw new FormatException($"{path}, line {row + 2}: '{Encoding.UTF8.GetString(s)}' is not a time like 2025-03-14 09:12:33.");
        }
        var days = DaysFromCivil((int)Long(s[..4]), (int)Long(s[5..7]), (int)Long(s[8..10]));
        var seconds = (Long(s[11..13]) * 3600) + (Long(s[14..16]) * 60) + Long(s[17..19]);
        return (days * TimeSpan.TicksPerDay) + (seconds * TimeSpan.TicksPerSecond);
    }

    /// <summary>Days since 0001-01-01 (DateTime's epoch) of a proleptic Gregorian date (H. Hinnant's algorithm).</summary>
    private static long DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = y / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        // Days from 0000-03-01 minus the 306 days to 0001-01-01.
        return (era * 146097L) + doe - 306;
    }

    /// <summary>Codes for byte strings, per thread: a small open-addressing table over the bytes, values as strings once.</summary>
    private sealed class ValueCodes
    {
        private int[] _slots = new int[256];
        private readonly List<byte[]> _keys = [];

        public List<string> Values { get; } = [];

        public int Code(ReadOnlySpan<byte> key)
        {
            var mask = _slots.Length - 1;
            for (var i = Hash(key) & mask; ; i = (i + 1) & mask)
            {
                var slot = _slots[i] - 1;
                if (slot < 0)
                {
                    _keys.Add(key.ToArray());
                    Values.Add(Encoding.UTF8.GetString(key));
                    _slots[i] = _keys.Count;
                    if (_keys.Count * 2 > _slots.Length)
                    {
                        Rehash();
                    }
                    return _keys.Count - 1;
                }
                if (key.SequenceEqual(_keys[slot]))
                {
                    return slot;
                }
            }
        }

        private static int Hash(ReadOnlySpan<byte> key)
        {
            var hash = 2166136261u;
            foreach (var b in key)
            {
                hash = (hash ^ b) * 16777619;
            }
            return (int)(hash & int.MaxValue);
        }

        private void Rehash()
        {
            _slots = new int[_slots.Length * 2];
            var mask = _slots.Length - 1;
            for (var k = 0; k < _keys.Count; k++)
            {
                var i = Hash(_keys[k]) & mask;
                while (_slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }
                _slots[i] = k + 1;
            }
        }
    }
}
