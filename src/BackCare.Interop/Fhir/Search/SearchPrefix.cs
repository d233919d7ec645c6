namespace BackCare.Interop.Fhir.Search;

/// <summary>FHIR search prefixes for dates (R4 §3.1.1.4.2), applied to ranges.</summary>
public enum SearchPrefix
{
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Sa,
    Eb,
}

public static class SearchPrefixes
{
    public static (SearchPrefix Prefix, string Value) Split(string value) =>
        value.Length > 2 && char.IsLetter(value[0]) && char.IsLetter(value[1])
            ? (value[..2] switch
            {
                "eq" => SearchPrefix.Eq,
                "ne" => SearchPrefix.Ne,
                "gt" => SearchPrefix.Gt,
                "lt" => SearchPrefix.Lt,
                "ge" => SearchPrefix.Ge,
                "le" => SearchPrefix.Le,
                "sa" => SearchPrefix.Sa,
                "eb" => SearchPrefix.Eb,
                _ => (SearchPrefix)(-1),
            }, value[2..])
            : (SearchPrefix.Eq, value);

    /// <summary>Does the resource's range <paramref name="r"/> satisfy the prefix against the search range <paramref name="p"/>?</summary>
    public static bool Matches(SearchPrefix prefix, FhirDateRange r, FhirDateRange p) => prefix switch
    {
        SearchPrefix.Eq => p.Start <= r.Start && r.End <= p.End,
        SearchPrefix.Ne => !(p.Start <= r.Start && r.End <= p.End),
        SearchPrefix.Gt => r.End > p.End,
        SearchPrefix.Lt => r.Start < p.Start,
        SearchPrefix.Ge => r.End > p.Start,
        SearchPrefix.Le => r.Start < p.End,
        SearchPrefix.Sa => r.Start >= p.End,
        SearchPrefix.Eb => r.End <= p.Start,
        _ => false,
    };
}
