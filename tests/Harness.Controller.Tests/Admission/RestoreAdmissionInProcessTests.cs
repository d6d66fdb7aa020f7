namespace Harness.Controller.Tests.Admission;

public sealed class RestoreAdmissionInProcessTests(InProcessAdmissionFixture fixture)
    : RestoreAdmissionTests<InProcessAdmissionFixture>(fixture), IClassFixture<InProcessAdmissionFixture>;
