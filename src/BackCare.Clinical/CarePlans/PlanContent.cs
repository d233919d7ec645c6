using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.CarePlans;

/// <summary>The plan rules, the pieces of plan text and the standing safety net of data/care-plan.yaml.</summary>
public sealed record PlanContent(ImmutableArray<PlanRule> Rules, ImmutableDictionary<string, string> Texts, ImmutableArray<Statement> SafetyNet);
