#!/usr/bin/env python3
"""Fails CI when an integration-test tier was skipped or ran no test.

Tests that need a real component (kube-apiserver, moto, ...) skip themselves with a message where the
component is missing, which is right on a developer's laptop and wrong on CI: this machine has Go and
PyPI, so every tier must run here. The only tests allowed to skip are the k3s ones (they need Docker).
"""
import glob
import sys
import xml.etree.ElementTree as ElementTree

# Each tier and the test classes that prove it ran.
REQUIRED_TIERS = {
    "real kube-apiserver + etcd + kubectl": [
        "KubeApiServerIT",
        "KubeletStandInIT",
        "CrdsOnApiServerIT",
        "KubectlIT",
        "SandboxIT",
    ],
    "the Helm chart on the RBAC-authorizing API server (operator as its ServiceAccount)": [
        "SandboxIT",
        "ChartOnApiServerIT",
    ],
    "moto (tags, tagging API, IAM errors)": ["MotoServerIT"],
    "Kafka broker + Connect worker running the packaged connector on moto": [
        "SupermartConnectorIT",
        "SnapshotRestartIT",
        "TagDiscoveryIT",
        "ValidationIT",
    ],
    "connector packaging (ZIP, plugin directory, image layout)": [
        "PluginArchiveIT",
        "ImageLayoutIT",
        "ConnectWorkerImageIT",
    ],
    "operator image (Jib's tar: config, classpath, bundled connector ZIP)": ["OperatorImageIT"],
    "operator on the real API server driving the real worker": [
        "KafkaConnectReconcilerIT",
        "LeaderElectionIT",
        "SecretRotationIT",
        "ExportIT",
    ],
    "operator on the real API server driving the Confluent Cloud emulator": [
        "ConfluentCloudReconcilerIT",
        "ExportIT",
    ],
    "Confluent Cloud emulator on the real worker, checked against the OpenAPI documents": [
        "PluginApisIT",
        "ConnectorsApiIT",
        "ConfluentCloudScenariosIT",
        "LogSearchApiIT",
        "ConnectWorkerMetricsIT",
        "KafkaBrokerSaslIT",
        "OffsetsRequestsIT",
    ],
}
MAY_SKIP = ("K3s",)


def main():
    suites = {}
    problems = []
    for report in sorted(glob.glob("*/target/failsafe-reports/TEST-*.xml")):
        suite = ElementTree.parse(report).getroot()
        name = suite.get("name").rsplit(".", 1)[-1]
        suites[name] = suite
        if any(marker in name for marker in MAY_SKIP):
            continue
        for case in suite.iter("testcase"):
            skipped = case.find("skipped")
            if skipped is not None:
                reason = skipped.get("message") or (skipped.text or "").strip().splitlines()[0]
                problems.append(f"{name}.{case.get('name')} was skipped: {reason}")

    for tier, classes in REQUIRED_TIERS.items():
        for test_class in classes:
            suite = suites.get(test_class)
            if suite is None or int(suite.get("tests", "0")) == 0:
                problems.append(f"tier '{tier}': {test_class} ran no test")

    if problems:
        print("ci: integration tiers incomplete:", *problems, sep="\n  ")
        return 1
    ran = sum(int(s.get("tests", "0")) for s in suites.values())
    print(f"ci: all integration tiers ran ({ran} integration tests in {len(suites)} classes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
