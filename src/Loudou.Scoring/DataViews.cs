using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loudou.Scoring;

/// <summary>A row handed to ML.NET: a feature vector, a label for binary trainers, a target for regression, a weight.</summary>
internal sealed class VectorRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    public float Target { get; set; }

    public float Weight { get; set; } = 1;
}

/// <summary>Feature matrices as ML.NET data views, rows made as ML.NET reads them so a million deals are never all in memory twice.</summary>
internal static class DataViews
{
    public static IDataView Of(MLContext ml, IEnumerable<VectorRow> rows, int width)
    {
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    public static IDataView Of(MLContext ml, FeatureMatrix matrix) => Of(ml, Enumerable.Range(0, matrix.Rows).Select(i => new VectorRow { Features = matrix.Row(i).ToArray() }), matrix.Width);
}

/// <summary>Encoded rows, one after another in one array.</summary>
internal sealed class FeatureMatrix(int rows, int width)
{
    public float[] Values { get; } = new float[(long)rows * width];

    public int Rows { get; } = rows;

    public int Width { get; } = width;

    public Span<float> Row(int i) => Values.AsSpan(i * Width, Width);
}
