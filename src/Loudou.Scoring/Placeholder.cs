namespace Loudou.Scoring; internal static class Placeholder { }
