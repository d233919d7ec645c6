using System.Collections.Immutable;
using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Evidence;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace BackCare.App.ArticleCheck;

/// <summary>
/// BM25 full-text search over the claim-level statements (Lucene.Net, in memory). Each statement is indexed with the
/// names of its subject and the words of its outcome, so "Valium for sciatica" finds the diazepam statements. Used to
/// show related statements beside claims nothing in the base backs; verdicts never rest on it (ADR 0015).
/// </summary>
public sealed class LuceneEvidenceRetriever : IEvidenceRetriever, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly RAMDirectory _directory = new();
    private readonly EnglishAnalyzer _analyzer = new(Version);
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly ImmutableArray<EvidenceClaim> _claims;
    private readonly System.Threading.Lock _lock = new();

    public LuceneEvidenceRetriever(EvidenceBase evidence)
    {
        _claims = evidence.Claims;
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity() }))
        {
            for (var i = 0; i < _claims.Length; i++)
            {
                var claim = _claims[i];
                var document = new Document
                {
                    new StoredField("n", i),
                    new TextField("text", $"{claim.Statement.Text} {SubjectWords(evidence, claim.Subject)} {ClaimJudge.Outcome(claim.Outcome)}", Field.Store.NO),
                };
                writer.AddDocument(document);
            }

            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public ImmutableArray<EvidenceClaim> Related(string sentence, int max)
    {
        var words = string.Join(' ', ClaimTokens.Of(sentence).Select(t => t.Text).Where(w => w.All(char.IsLetterOrDigit)));
        if (words.Length == 0 || max <= 0) return [];
        var query = new BooleanQuery();
        using (var stream = _analyzer.GetTokenStream("text", words))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (stream.IncrementToken())
            {
                var text = term.ToString();
                if (seen.Add(text) && query.Clauses.Count < BooleanQuery.MaxClauseCount) query.Add(new TermQuery(new Term("text", text)), Occur.SHOULD);
            }

            stream.End();
        }

        if (query.Clauses.Count == 0) return [];

        lock (_lock)
        {
            var hits = _searcher.Search(query, max).ScoreDocs;
            return [.. hits.Select(h => _claims[_searcher.Doc(h.Doc).GetField("n").GetInt32Value()!.Value])];
        }
    }

    /// <summary>The subject's id and name, and for a drug its brands and classes; for a class or intervention, the words articles use.</summary>
    private static string SubjectWords(EvidenceBase evidence, ClaimSubject subject)
    {
        var words = new List<string> { subject.Id.Replace('_', ' ') };
        switch (subject.Kind)
        {
            case ClaimSubjectKind.Drug when evidence.DrugById(subject.Id) is { } drug:
                words.AddRange(drug.Brands.Us.Concat(drug.Brands.Uk).Concat(drug.Synonyms).Append(drug.Name));
                break;
            case ClaimSubjectKind.Class:
                words.AddRange(evidence.DrugsInClass(subject.Id).SelectMany(d => d.Brands.Us.Concat(d.Brands.Uk).Append(d.Name)));
                break;
            case ClaimSubjectKind.Topic when evidence.ClaimTopics.FirstOrDefault(t => t.Id == subject.Id) is { } topic:
                words.AddRange(topic.Terms);
                break;
        }

        words.AddRange(evidence.ClaimAliases.Where(a => a.Subject == subject).SelectMany(a => a.Terms));
        return string.Join(' ', words);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
