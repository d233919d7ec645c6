namespace BackCare.Clinical.Evidence;

/// <summary>What kind of publication a source is.</summary>
public enum SourceKind
{
    Guideline,
    Rct,
    Review,
    Label,
    Cohort,
    Criteria,
}

/// <summary>A publication that BackCare's statements rest on.</summary>
public sealed record Source(
    string Id,
    SourceKind Kind,
    string Authors,
    string Title,
    string Container,
    int Year,
    int? Updated,
    string? Doi,
    string? Pmid,
    string? Url,
    Confirmation Check,
    string? Note)
{
    /// <summary>A short name for institutional sources ("NICE NG59", "FDA 2016 (opioid + benzodiazepine)").</summary>
    public string? Label { get; init; }

    /// <summary>The reference as a reader sees it: authors, title, where and when it was published.</summary>
    public string FullCitation => $"{Authors}. {Title}. {Container}, {Year}.";

    /// <summary>A short citation such as "Friedman BW et al. 2017", or the label where one is given.</summary>
    public string ShortCitation
    {
        get
        {
            if (Label is not null) return Label;
            var first = Authors.Split(',', ';')[0].Trim();
            var more = Authors.Contains(',', StringComparison.Ordinal) || Authors.Contains(';', StringComparison.Ordinal);
            return more ? $"{first} et al. {Year}" : $"{first} {Year}";
        }
    }
}
