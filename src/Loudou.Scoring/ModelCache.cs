using System.Collections.Concurrent;
using Microsoft.ML;

namespace Loudou.Scoring;

/// <summary>Stored models read back once per process: reading ML.NET's zip costs far more than scoring a few deals with it.</summary>
/// <remarks>A model row never changes once written (a new training writes a new row), so its id is a safe key.</remarks>
internal static class ModelCache
{
    private const int Keep = 8;

    private static readonly ConcurrentDictionary<int, ScoreModel> Models = new();

    public static ScoreModel? TryGet(int modelId) => Models.GetValueOrDefault(modelId);

    public static ScoreModel Get(int modelId, byte[] bytes)
    {
        if (Models.TryGetValue(modelId, out var model))
        {
            return model;
        }
        if (Models.Count >= Keep)
        {
            Models.Clear();
        }
        return Models.GetOrAdd(modelId, _ => ModelFile.Read(new MLContext(seed: 1), bytes));
    }
}
