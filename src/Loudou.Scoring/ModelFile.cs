using System.IO.Compression;
using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Scoring;
using Microsoft.ML;

namespace Loudou.Scoring;

/// <summary>A model as the bytes stored in <see cref="ScoringModel.Model"/>: a zip of our own description and ML.NET's model of the trees.</summary>
/// <remarks>
/// <c>model.json</c> holds the method, the encoding (features, category columns, number scales), the regression's weights, stage
/// rates, the calibration and how many training rows reached each tree node (for contributions); <c>trees.zip</c> is ML.NET's own
/// format of the LightGBM trees. Read back by <see cref="Read"/>.
/// </remarks>
internal static class ModelFile
{
    private const int Format = 1;

    public static byte[] Write(ScoreModel model)
    {
        var ml = new MLContext();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var json = Describe(model);
            using (var entry = zip.CreateEntry("model.json", CompressionLevel.Optimal).Open())
            using (var writer = new StreamWriter(entry))
            {
                writer.Write(json.ToJsonString());
            }
            if (model.Trees is { } trees)
            {
                using var entry = zip.CreateEntry("trees.zip", CompressionLevel.NoCompression).Open();
                ml.Model.Save(trees.Model, DataViews.Of(ml, [], trees.Width).Schema, entry);
            }
        }
        return buffer.ToArray();
    }

    public static ScoreModel Read(MLContext ml, byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        JsonObject json;
        using (var reader = new StreamReader(zip.GetEntry("model.json")!.Open()))
        {
            json = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        }
        if ((int?)json["format"] != Format)
        {
            throw new InvalidDataException($"scoring model format {json["format"]} is not {Format}; train the model again.");
        }
        var specs = json["specs"]!.AsArray().Select(s => new FeatureSpec(
            (string)s!["key"]!, Enum.Parse<FeatureKind>((string)s["kind"]!), new LocalizedText((string)s["zh"]!, (string)s["en"]!), (bool)s["asOf"]!)).ToList();
        var values = json["values"]!.AsArray().Select(v => (IReadOnlyList<string>)[.. v!.AsArray().Select(x => (string)x!)]).ToList();
        var scales = json["scales"]!.AsArray().Select(s => s is null ? null : new NumberScale((double)s["mean"]!, (double)s["spread"]!, (bool)s["hasMissing"]!)).ToList();
        var encoding = new FeatureEncoding(specs, values, scales, (int)json["minCount"]!);
        TreePart? trees = null;
        if (json["covers"] is JsonArray covers)
        {
            using var entry = new MemoryStream();
            using (var stream = zip.GetEntry("trees.zip")!.Open())
            {
                stream.CopyTo(entry);
            }
            entry.Position = 0;
            trees = TreePart.Load(ml.Model.Load(entry, out _), [.. covers.Select(c => c!.AsArray().Select(x => (int)x!).ToArray())], encoding.TreeSlots.Count);
        }
        return new ScoreModel
        {
            Method = Enum.Parse<ScoringMethod>((string)json["method"]!),
            Encoding = encoding,
            Linear = json["linear"] is JsonObject l ? new LinearPart(Floats(l["weights"]!), (float)l["bias"]!, Floats(l["means"]!)) : null,
            Trees = trees,
            Stages = json["stages"] is JsonObject s ? new StageConversion([.. s["rates"]!.AsArray().Select(x => (double)x!)], (double)s["overall"]!) : null,
            StageKeys = [.. json["stageKeys"]!.AsArray().Select(x => (string)x!)],
            Calibration = new PlattScaling((double)json["calibration"]!["a"]!, (double)json["calibration"]!["b"]!),
        };
    }

    private static JsonObject Describe(ScoreModel model) => new()
    {
        ["format"] = Format,
        ["method"] = model.Method.ToString(),
        ["specs"] = new JsonArray([.. model.Encoding.Specs.Select(s => (JsonNode)new JsonObject
        {
            ["key"] = s.Key,
            ["kind"] = s.Kind.ToString(),
            ["zh"] = s.Name.ZhCn,
            ["en"] = s.Name.En,
            ["asOf"] = s.AsOf,
        })]),
        ["values"] = new JsonArray([.. model.Encoding.Values.Select(v => (JsonNode)new JsonArray([.. v.Select(x => (JsonNode)x)]))]),
        ["scales"] = new JsonArray([.. model.Encoding.Scales.Select(s => s is null ? null : (JsonNode)new JsonObject
        {
            ["mean"] = s.Mean,
            ["spread"] = s.Spread,
            ["hasMissing"] = s.HasMissing,
        })]),
        ["minCount"] = model.Encoding.MinCount,
        ["linear"] = model.Linear is { } l ? new JsonObject
        {
            ["weights"] = new JsonArray([.. l.Weights.Select(w => (JsonNode)w)]),
            ["bias"] = l.Bias,
            ["means"] = new JsonArray([.. l.Means.Select(m => (JsonNode)m)]),
        } : null,
        ["covers"] = model.Trees is { } t ? new JsonArray([.. t.Trees.Covers.Select(c => (JsonNode)new JsonArray([.. c.Select(x => (JsonNode)x)]))]) : null,
        ["stages"] = model.Stages is { } st ? new JsonObject
        {
            ["rates"] = new JsonArray([.. st.Rates.Select(r => (JsonNode)r)]),
            ["overall"] = st.Overall,
        } : null,
        ["stageKeys"] = new JsonArray([.. model.StageKeys.Select(k => (JsonNode)k)]),
        ["calibration"] = new JsonObject { ["a"] = model.Calibration.A, ["b"] = model.Calibration.B },
    };

    private static float[] Floats(JsonNode node) => [.. node.AsArray().Select(x => (float)x!)];
}
