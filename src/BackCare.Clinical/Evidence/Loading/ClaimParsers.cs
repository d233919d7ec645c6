using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>Parses data/claims.yaml: claim topics, aliases and claim-level statements; subjects become references.</summary>
internal sealed class ClaimParsers(YamlReader r, List<Reference> refs)
{
    private static readonly string[] SubjectKeys = ["drug", "class", "intervention", "topic"];

    public ClaimTopic? Topic(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "name", "kind", "terms");
        var id = r.Id(m);
        var name = r.String(m, "name", required: true) ?? id;
        var kind = r.Enum<ClaimTopicKind>(m, "kind", required: true);
        var terms = r.TextList(m, "terms", required: true);
        return kind is null ? null : new ClaimTopic(id, name, kind.Value, terms);
    }

    public ClaimAlias? Alias(YamlMappingNode m)
    {
        r.CheckKeys(m, "subject", "terms");
        var subject = Subject(m);
        var terms = r.TextList(m, "terms", required: true);
        return subject is null ? null : new ClaimAlias(subject, terms);
    }

    public EvidenceClaim? Claim(YamlMappingNode m)
    {
        var id = r.Id(m);
        var subject = Subject(m);
        var outcome = r.Enum<ClaimOutcome>(m, "outcome", required: true);
        var direction = r.Enum<ClaimDirection>(m, "direction", required: true);
        var strength = r.Enum<EvidenceStrength>(m, "strength", required: true);
        var populations = r.Get(m, "populations") is null ? [] : r.EnumList<Population>(m, "populations");
        var statement = r.Statement(m, refs, "id", "subject", "outcome", "direction", "strength", "populations");
        if (statement is not null && statement.Basis != StatementBasis.Evidence) r.Problem(m, "a claim-level statement must rest on evidence, not a design rule");
        if (direction == ClaimDirection.Uncertain && strength is not (EvidenceStrength.Insufficient or EvidenceStrength.Limited))
        {
            r.Problem(m, "an 'uncertain' statement can only have strength 'limited' or 'insufficient'");
        }

        return subject is null || outcome is null || direction is null || strength is null || statement is null
            ? null
            : new EvidenceClaim(id, subject, outcome.Value, direction.Value, strength.Value, statement, populations);
    }

    private ClaimSubject? Subject(YamlMappingNode m)
    {
        if (r.Mapping(m, "subject", required: true) is not { } s) return null;
        r.CheckKeys(s, SubjectKeys);
        if (s.Children.Count != 1)
        {
            r.Problem(s, "'subject' must name exactly one of drug, class, intervention, topic");
            return null;
        }

        var (keyNode, valueNode) = s.Children.First();
        var key = ((YamlScalarNode)keyNode).Value ?? "";
        var id = (valueNode as YamlScalarNode)?.Value?.Trim() ?? "";
        if (id.Length == 0)
        {
            r.Problem(valueNode, $"'subject.{key}' must be an id");
            return null;
        }

        var (kind, referenceKind) = key switch
        {
            "drug" => (ClaimSubjectKind.Drug, ReferenceKind.Drug),
            "class" => (ClaimSubjectKind.Class, ReferenceKind.DrugClass),
            "intervention" => (ClaimSubjectKind.Intervention, ReferenceKind.Intervention),
            _ => (ClaimSubjectKind.Topic, ReferenceKind.ClaimTopic),
        };
        refs.Add(new Reference(referenceKind, id, r.File, (int)valueNode.Start.Line, (int)valueNode.Start.Column));
        return new ClaimSubject(kind, id);
    }
}
