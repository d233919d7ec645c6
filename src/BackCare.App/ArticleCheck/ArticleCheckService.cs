using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;

namespace BackCare.App.ArticleCheck;

/// <summary>Reads an article (text, Markdown or HTML) and checks it; one instance serves every request.</summary>
public sealed class ArticleCheckService(ArticleChecker checker)
{
    private static readonly Lazy<ArticleCheckService> DefaultInstance = new(() =>
        new ArticleCheckService(new ArticleChecker(EmbeddedEvidence.Default, MedicationChecker.Default, new LuceneEvidenceRetriever(EmbeddedEvidence.Default))));

    /// <summary>The service over the embedded evidence base, with BM25 related statements.</summary>
    public static ArticleCheckService Default => DefaultInstance.Value;

    public (ArticleCheckResult? Result, ValidationError? Error) Check(string? input, string? fileName = null)
    {
        var (article, error) = ArticleInput.Read(input, fileName);
        if (article is null) return (null, error);
        return (checker.Check(article.Text, article.Title), null);
    }
}
