using System.Collections.Immutable;
using BackCare.Clinical.Medications;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>Parsers for data/medication-rules.yaml and data/products.yaml.</summary>
internal sealed class MedicationParsers(YamlReader r, List<Reference> refs)
{
    public ConditionDefinition? Condition(YamlMappingNode m)
    {
        r.CheckKeys(m, "code", "label");
        var code = r.String(m, "code", required: true);
        var label = r.String(m, "label", required: true);
        return code is null || label is null ? null : new ConditionDefinition(code, label);
    }

    public MedicationRule? Rule(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "kind", "severity", "drugs", "when", "summary", "detail", "advice", "sources");
        var id = r.Id(m);
        var kind = r.Enum<FindingKind>(m, "kind", required: true);
        var severity = r.Enum<Severity>(m, "severity", required: true);
        var drugsNode = r.Mapping(m, "drugs", required: true);
        DrugSelector selector = new([], []);
        ImmutableArray<string> except = [];
        if (drugsNode is not null)
        {
            r.CheckKeys(drugsNode, "classes", "ingredients", "except");
            selector = new DrugSelector(
                r.References(drugsNode, "classes", ReferenceKind.DrugClass, refs),
                r.References(drugsNode, "ingredients", ReferenceKind.Drug, refs));
            except = r.References(drugsNode, "except", ReferenceKind.Drug, refs);
            if (selector.Classes.IsEmpty && selector.Ingredients.IsEmpty) r.Problem(drugsNode, "'drugs' must name classes or ingredients");
        }

        var whenNode = r.Mapping(m, "when", required: true);
        var when = new RuleWhen([], false, false, null, null, null, null, null);
        if (whenNode is not null)
        {
            r.CheckKeys(whenNode, "conditions", "pregnant", "breastfeeding", "minAge", "maxAge", "indication", "durationWeeksOver", "countAtLeast");
            when = new RuleWhen(
                r.References(whenNode, "conditions", ReferenceKind.Condition, refs),
                r.String(whenNode, "pregnant") == "true",
                r.String(whenNode, "breastfeeding") == "true",
                r.Int(whenNode, "minAge", min: 0, max: 120),
                r.Int(whenNode, "maxAge", min: 0, max: 120),
                r.String(whenNode, "indication"),
                r.Int(whenNode, "durationWeeksOver", min: 0, max: 520),
                r.Int(whenNode, "countAtLeast", min: 2, max: 20));
        }

        var summary = r.PatientText(m, "summary");
        var detail = r.Text(m, "detail");
        var advice = r.PatientText(m, "advice");
        var sources = r.References(m, "sources", ReferenceKind.Source, refs, required: true);
        return kind is null || severity is null
            ? null
            : new MedicationRule(id, kind.Value, severity.Value, selector, except, when, summary, detail, advice, sources);
    }

    public CombinationName? Combination(YamlMappingNode m)
    {
        r.CheckKeys(m, "name", "ingredients");
        var name = r.String(m, "name", required: true);
        var ingredients = r.References(m, "ingredients", ReferenceKind.Drug, refs, required: true);
        return name is null ? null : new CombinationName(name, ingredients);
    }

    public ProductCode? Product(YamlMappingNode m)
    {
        r.CheckKeys(m, "code", "display", "ingredients", "seen_in");
        var code = r.String(m, "code", required: true);
        var display = r.String(m, "display", required: true);
        var ingredients = r.References(m, "ingredients", ReferenceKind.Drug, refs, required: true);
        var seenIn = r.String(m, "seen_in", required: true);
        if (code is not null && !code.All(char.IsAsciiDigit)) r.Problem(r.Get(m, "code")!, "an RxNorm code is digits only");
        return code is null || display is null || seenIn is null ? null : new ProductCode(code, display, ingredients, seenIn);
    }
}
