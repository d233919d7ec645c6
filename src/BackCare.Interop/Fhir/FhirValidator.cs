using System.Text.RegularExpressions;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace BackCare.Interop.Fhir;

public enum FhirIssueSeverity
{
    Information,
    Warning,
    Error,
}

public sealed record FhirIssue(FhirIssueSeverity Severity, string Location, string Message);

public sealed record FhirValidationReport(IReadOnlyList<FhirIssue> Issues)
{
    public bool IsValid => Issues.All(i => i.Severity != FhirIssueSeverity.Error);

    public IEnumerable<FhirIssue> Errors => Issues.Where(i => i.Severity == FhirIssueSeverity.Error);
}

/// <summary>
/// Validates a resource with the Firely validator against the base R4 specification (offline, from
/// Hl7.Fhir.Specification.Data.R4), then checks the codings BackCare relies on: LOINC codes carry a correct check
/// digit, RxNorm and SNOMED CT codes are numeric, UCUM units are ones BackCare writes (a warning: others' resources may carry any unit). Built once (the specification is
/// read lazily and cached); thread-safe for concurrent validations.
/// </summary>
public sealed partial class FhirValidator
{
    private static readonly Lazy<FhirValidator> Shared = new(() => new FhirValidator());

    private readonly Validator _validator;

    private FhirValidator()
    {
        var source = new CachedResolver(ZipSource.CreateValidationSource());
        _validator = new Validator(source, new LocalTerminologyService(source));
    }

    public static FhirValidator Default => Shared.Value;

    public FhirValidationReport Validate(Resource resource)
    {
        var issues = new List<FhirIssue>();
        var outcome = _validator.Validate(resource);
        foreach (var issue in outcome.Issue)
        {
            var severity = issue.Severity switch
            {
                OperationOutcome.IssueSeverity.Fatal or OperationOutcome.IssueSeverity.Error => FhirIssueSeverity.Error,
                OperationOutcome.IssueSeverity.Warning => FhirIssueSeverity.Warning,
                _ => FhirIssueSeverity.Information,
            };
            issues.Add(new FhirIssue(severity, string.Join(", ", issue.Expression), issue.Details?.Text ?? issue.Diagnostics ?? issue.Code?.ToString() ?? ""));
        }

        CheckCodings(resource, resource.TypeName, issues);
        return new FhirValidationReport(issues);
    }

    private static void CheckCodings(Base node, string path, List<FhirIssue> issues)
    {
        if (node is Coding coding) CheckCoding(coding, path, issues);
        if (node is Quantity { System: FhirConstants.Ucum } quantity && !UcumCodes.Contains(quantity.Code ?? ""))
        {
            issues.Add(new FhirIssue(FhirIssueSeverity.Warning, path, $"UCUM code '{quantity.Code}' is not one BackCare writes"));
        }

        foreach (var (name, value) in node.EnumerateElements())
        {
            var children = value switch
            {
                Base single => [single],
                IEnumerable<Base> many => many,
                _ => [],
            };
            foreach (var child in children) CheckCodings(child, $"{path}.{name}", issues);
        }
    }

    private static readonly HashSet<string> UcumCodes = ["{score}", "h", "min", "1"];

    private static void CheckCoding(Coding coding, string path, List<FhirIssue> issues)
    {
        var code = coding.Code ?? "";
        switch (coding.System)
        {
            case FhirConstants.Loinc when LoincAnswerCode().IsMatch(code):
                break;
            case FhirConstants.Loinc when !LoincCode().IsMatch(code) || !LoincCheckDigitHolds(code):
                issues.Add(new FhirIssue(FhirIssueSeverity.Error, path, $"LOINC code '{code}' is not a LOINC code (NNNNN-N with a correct check digit, or an LA answer code)"));
                break;
            case FhirConstants.RxNorm or FhirConstants.Snomed when !Digits().IsMatch(code):
                issues.Add(new FhirIssue(FhirIssueSeverity.Error, path, $"code '{code}' in {coding.System} must be numeric"));
                break;
        }
    }

    /// <summary>LOINC's mod-10 check digit (Luhn over the digits before the dash).</summary>
    public static bool LoincCheckDigitHolds(string code)
    {
        var dash = code.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash != code.Length - 2) return false;
        var sum = 0;
        var doubleIt = true;
        for (var i = dash - 1; i >= 0; i--)
        {
            var d = code[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (10 - (sum % 10)) % 10 == code[^1] - '0';
    }

    [GeneratedRegex(@"^\d{1,7}-\d$")]
    private static partial Regex LoincCode();

    [GeneratedRegex(@"^LA\d{1,6}-\d$")]
    private static partial Regex LoincAnswerCode();

    [GeneratedRegex(@"^\d{1,18}$")]
    private static partial Regex Digits();
}
