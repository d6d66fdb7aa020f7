namespace Harness.Controller.Tests.Admission;

public sealed class SnapshotAdmissionBinaryTests(BinaryHttpsAdmissionFixture fixture)
    : SnapshotAdmissionTests<BinaryHttpsAdmissionFixture>(fixture), IClassFixture<BinaryHttpsAdmissionFixture>;
