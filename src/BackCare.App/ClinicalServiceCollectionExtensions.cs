using BackCare.App.ArticleCheck;
using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.App;

public static class ClinicalServiceCollectionExtensions
{
    /// <summary>
    /// The evidence base and the clinical engines, registered once as singletons: they are immutable after
    /// construction, so every request and every node shares one validated copy. Pages, services and
    /// commands take them by constructor; the process-wide <c>EmbeddedEvidence.Default</c> is reached only here.
    /// </summary>
    public static IServiceCollection AddBackCareClinical(this IServiceCollection services)
    {
        services.AddSingleton(_ => EmbeddedEvidence.Default);
        services.AddSingleton(_ => EvidenceVersion.Embedded());
        services.AddSingleton(sp => new MedicationRecognizer(sp.GetRequiredService<EvidenceBase>()));
        services.AddSingleton(sp => new MedicationChecker(sp.GetRequiredService<EvidenceBase>(), sp.GetRequiredService<MedicationRecognizer>()));
        services.AddSingleton(sp => new CarePlanEngine(sp.GetRequiredService<EvidenceBase>(), sp.GetRequiredService<MedicationChecker>()));
        services.AddSingleton(sp => new ProgressEngine(sp.GetRequiredService<EvidenceBase>()));
        services.AddSingleton(sp => new LuceneEvidenceRetriever(sp.GetRequiredService<EvidenceBase>()));
        services.AddSingleton(sp => new ArticleCheckService(new ArticleChecker(sp.GetRequiredService<EvidenceBase>(), sp.GetRequiredService<MedicationChecker>(),
            sp.GetRequiredService<LuceneEvidenceRetriever>())));
        return services;
    }
}
