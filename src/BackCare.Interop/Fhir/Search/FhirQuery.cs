using System.Globalization;
using Hl7.Fhir.Model;

namespace BackCare.Interop.Fhir.Search;

/// <summary>One parsed search criterion: a supported parameter and the values any of which may match (comma = OR).</summary>
public sealed record Criterion(SupportedParameter Parameter, IReadOnlyList<string> Values);

/// <summary>
/// A search on one resource type, parsed from the query string. Every parameter must be in
/// <see cref="SearchParameters"/>: an unknown parameter, a modifier (<c>code:text</c>), a chain
/// (<c>patient.name</c>), <c>_has</c>, <c>_include</c> and the like are refused, never ignored, so nothing outside
/// this table can influence what a search matches.
/// </summary>
public sealed record FhirQuery(SupportedType Type, IReadOnlyList<Criterion> Criteria, int Count, int Offset)
{
    public static (FhirQuery? Query, string? Error) Parse(SupportedType type, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var criteria = new List<Criterion>();
        int count = SearchParameters.DefaultCount, offset = 0;
        foreach (var (name, value) in parameters)
        {
            if (name is "_format") continue;
            if (name is "_count" or "_offset")
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || (name == "_count" && n > SearchParameters.MaxCount))
                {
                    return (null, $"{name}: expected a whole number{(name == "_count" ? $" from 0 to {SearchParameters.MaxCount}" : "")}, got '{value}'");
                }

                if (name == "_count") count = n;
                else offset = n;
                continue;
            }

            if (name.Contains(':', StringComparison.Ordinal) || name.Contains('.', StringComparison.Ordinal))
            {
                return (null, $"search parameter '{name}': modifiers and chained parameters are not supported");
            }

            var parameter = type.Parameters.FirstOrDefault(p => p.Name == name);
            if (parameter is null)
            {
                return (null, $"search parameter '{name}' is not supported on {type.Name}; supported: {string.Join(", ", type.Parameters.Select(p => p.Name).Concat(SearchParameters.Control))}");
            }

            var values = value.Split(',');
            if (values.Any(v => v.Length == 0)) return (null, $"{name}: empty value");
            if (parameter.Type == SearchParamType.Date)
            {
                foreach (var v in values)
                {
                    var (prefix, text) = SearchPrefixes.Split(v);
                    if (!Enum.IsDefined(prefix)) return (null, $"{name}: unknown prefix in '{v}' (allowed: eq ne gt lt ge le sa eb)");
                    if (FhirDateRange.Parse(text) is null) return (null, $"{name}: '{text}' is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with zone)");
                }
            }

            criteria.Add(new Criterion(parameter, values));
        }

        return (new FhirQuery(type, criteria, count, offset), null);
    }

    /// <summary>The patient ids this search is limited to by patient/subject criteria (each criterion narrows, commas widen); null when unlimited.</summary>
    public IReadOnlySet<string>? NamedPatients()
    {
        HashSet<string>? named = null;
        foreach (var criterion in Criteria.Where(c => c.Parameter.PatientId is not null))
        {
            var ids = criterion.Values.Select(PatientIdOf).ToHashSet(StringComparer.Ordinal);
            if (named is null) named = ids;
            else named.IntersectWith(ids);
        }

        return named;
    }

    private static string PatientIdOf(string value)
    {
        var id = SearchParameters.ReferencedPatient(new ResourceReference(value));
        return id ?? value;
    }

    public bool Matches(Resource resource) => Criteria.All(c => c.Values.Any(v => Matches(c.Parameter, v, resource)));

    private static bool Matches(SupportedParameter parameter, string value, Resource resource)
    {
        if (parameter.PatientId is not null) return parameter.PatientId(resource) == PatientIdOf(value);
        if (parameter.Dates is not null)
        {
            var (prefix, text) = SearchPrefixes.Split(value);
            var wanted = FhirDateRange.Parse(text)!.Value;
            return parameter.Dates(resource).Any(r => SearchPrefixes.Matches(prefix, r, wanted));
        }

        if (parameter.Tokens is not null)
        {
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            string? system = bar < 0 ? null : value[..bar];
            var code = bar < 0 ? value : value[(bar + 1)..];
            return parameter.Tokens(resource).Any(c =>
                (system is null || (system.Length == 0 ? c.System is null : c.System == system)) &&
                (code.Length == 0 || c.Code == code));
        }

        if (parameter.Strings is not null)
        {
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            var plain = parameter.Type == SearchParamType.Token && bar >= 0 ? value[(bar + 1)..] : value;
            return parameter.Strings(resource).Any(s => s == plain);
        }

        return false;
    }
}
