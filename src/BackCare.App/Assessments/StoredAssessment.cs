using BackCare.Clinical.Assessment;
using BackCare.Clinical.Common;

namespace BackCare.App.Assessments;

/// <summary>
/// A stored assessment read back: the typed <see cref="Assessment"/>, or the <see cref="Problem"/> that stopped
/// it being read (a document saved by a version of BackCare that this one does not understand, or damaged).
/// Screens show the problem plainly; nothing is thrown and nothing stored is changed.
/// </summary>
public sealed record StoredAssessment(AssessmentRecord Record, AssessmentV1? Assessment, ValidationError? Problem)
{
    public static StoredAssessment Read(AssessmentRecord record)
    {
        var (assessment, errors) = AssessmentDocument.Parse(record.InputJson);
        return new StoredAssessment(record, assessment, errors.IsDefaultOrEmpty ? null : errors[0]);
    }
}

/// <summary>The plan a person is shown now, the one shown before it (to say what changed), or why there is none.</summary>
public sealed record ShownPlan(BackCare.Clinical.CarePlans.PlanSnapshot? Current, BackCare.Clinical.CarePlans.PlanSnapshot? Previous, ValidationError? Problem);
