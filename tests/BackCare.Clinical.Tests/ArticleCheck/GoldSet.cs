using System.Diagnostics;
using System.Globalization;
using System.Text;
using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Evidence.Loading;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Tests.ArticleCheck;

/// <summary>One labelled claim of the gold set (tests/fixtures/article-gold/gold.yaml).</summary>
public sealed record GoldClaim(string Article, string Text, ArticleVerdict Verdict, string? Evidence);

/// <summary>The gold set and its evaluation: per-class precision and recall, macro-F1, coverage, time per article.</summary>
public static class GoldSet
{
    public static string Folder => Path.Combine(RepoPaths.Fixtures, "article-gold");

    /// <summary>The gold set (gold.yaml), or the held-out claims (holdout.yaml).</summary>
    public static IReadOnlyList<GoldClaim> Load(string file = "gold.yaml")
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Folder, file))) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var claims = new List<GoldClaim>();
        foreach (YamlMappingNode article in (YamlSequenceNode)root.Children["articles"])
        {
            var id = ((YamlScalarNode)article.Children["id"]).Value!;
            foreach (YamlMappingNode claim in (YamlSequenceNode)article.Children["claims"])
            {
                var text = ((YamlScalarNode)claim.Children["text"]).Value!;
                if (!EnumNames.TryParse<ArticleVerdict>(((YamlScalarNode)claim.Children["verdict"]).Value!, out var verdict))
                {
                    throw new InvalidOperationException($"bad verdict in {id}: {text}");
                }
                var evidence = claim.Children.TryGetValue(new YamlScalarNode("evidence"), out var e) ? ((YamlScalarNode)e).Value : null;
                claims.Add(new GoldClaim(id, text, verdict, evidence));
            }
        }

        return claims;
    }

    /// <summary>The checker's verdict for one gold claim read on its own (no claim found counts as unsupported, the default).</summary>
    public static (ArticleVerdict Verdict, ArticleClaim? Claim) Predict(ArticleChecker checker, string text)
    {
        var claim = checker.Check(text).Claims.FirstOrDefault();
        return (claim?.Verdict ?? ArticleVerdict.Unsupported, claim);
    }

    public sealed record Scores(
        int Claims, double MacroF1, double ContradictedPrecision, int ContradictedPredicted, double Coverage, double GoldCoverage,
        double Accuracy, double EvidenceAgreement, IReadOnlyDictionary<ArticleVerdict, (double Precision, double Recall, double F1, int Gold, int Predicted)> PerClass,
        IReadOnlyList<(GoldClaim Gold, ArticleVerdict Predicted)> Errors);

    public static Scores Evaluate(ArticleChecker checker, IReadOnlyList<GoldClaim> gold)
    {
        var predictions = gold.Select(g => (Gold: g, Prediction: Predict(checker, g.Text))).ToList();
        var perClass = new Dictionary<ArticleVerdict, (double, double, double, int, int)>();
        foreach (var verdict in Enum.GetValues<ArticleVerdict>())
        {
            var tp = predictions.Count(p => p.Gold.Verdict == verdict && p.Prediction.Verdict == verdict);
            var predicted = predictions.Count(p => p.Prediction.Verdict == verdict);
            var actual = predictions.Count(p => p.Gold.Verdict == verdict);
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = actual == 0 ? 0 : (double)tp / actual;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[verdict] = (precision, recall, f1, actual, predicted);
        }

        var decided = predictions.Where(p => p.Gold.Evidence is not null && p.Gold.Verdict == p.Prediction.Verdict && p.Prediction.Claim is not null).ToList();
        var evidenceAgreement = decided.Count == 0 ? 0 : (double)decided.Count(p => p.Prediction.Claim!.Evidence.Any(e => e.Id == p.Gold.Evidence)) / decided.Count;
        return new Scores(
            gold.Count,
            perClass.Values.Average(v => v.Item3),
            perClass[ArticleVerdict.Contradicted].Item1,
            perClass[ArticleVerdict.Contradicted].Item5,
            (double)predictions.Count(p => p.Prediction.Verdict != ArticleVerdict.Unsupported) / gold.Count,
            (double)gold.Count(g => g.Verdict != ArticleVerdict.Unsupported) / gold.Count,
            (double)predictions.Count(p => p.Gold.Verdict == p.Prediction.Verdict) / gold.Count,
            evidenceAgreement,
            perClass,
            [.. predictions.Where(p => p.Gold.Verdict != p.Prediction.Verdict).Select(p => (p.Gold, p.Prediction.Verdict))]);
    }

    /// <summary>Seconds to check each gold article, its paraphrased claims joined into one text.</summary>
    public static double SecondsPerArticle(ArticleChecker checker, IReadOnlyList<GoldClaim> gold)
    {
        var articles = gold.GroupBy(g => g.Article).Select(g => string.Join(' ', g.Select(c => c.Text))).ToList();
        checker.Check(articles[0]);
        var watch = Stopwatch.StartNew();
        foreach (var article in articles) checker.Check(article);
        return watch.Elapsed.TotalSeconds / articles.Count;
    }

    public static string Report(Scores s, double secondsPerArticle)
    {
        var text = new StringBuilder();
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        text.AppendLine(CultureInfo.InvariantCulture, $"claims {s.Claims}; macro-F1 {F(s.MacroF1)}; accuracy {F(s.Accuracy)}; contradicted precision {F(s.ContradictedPrecision)} ({s.ContradictedPredicted} predicted)");
        text.AppendLine(CultureInfo.InvariantCulture, $"coverage (not unsupported) {F(s.Coverage)} (gold {F(s.GoldCoverage)}); deciding evidence cited when the verdict is right {F(s.EvidenceAgreement)}; seconds per article {secondsPerArticle.ToString("0.0000", CultureInfo.InvariantCulture)}");
        foreach (var (verdict, v) in s.PerClass)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {EnumNames.ToSnake(verdict),-14} P {F(v.Precision)} R {F(v.Recall)} F1 {F(v.F1)} (gold {v.Gold}, predicted {v.Predicted})");
        }

        foreach (var (gold, predicted) in s.Errors) text.AppendLine(CultureInfo.InvariantCulture, $"  MISS {EnumNames.ToSnake(gold.Verdict)} -> {EnumNames.ToSnake(predicted)}: {gold.Text}");
        return text.ToString();
    }
}
