#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kubectl from their Go modules (go.mod here pins the release) into
# the directory layout io.fabric8:kube-api-test reads in offline mode:
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-<os>-<arch>/{etcd,kube-apiserver,kubectl}
# Idempotent: binaries built from the same go.sum are reused. Without Go it explains and exits 0,
# so the real-API-server tests can skip with a message instead of failing the build.
set -euo pipefail
cd "$(dirname "$0")"

version=$(cat KUBERNETES_VERSION)
test_dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"

if ! command -v go >/dev/null 2>&1; then
  echo "envtest: 'go' is not on the PATH, so kube-apiserver ${version} cannot be built here."
  echo "envtest: install Go 1.26+ and run testkit/envtest/build.sh (./mvnw verify runs it too);"
  echo "envtest: tests that need the real API server will be skipped until then."
  exit 0
fi

platform="$(go env GOOS)-$(go env GOARCH)"
target="${test_dir}/k8s/${version}-${platform}"
stamp="${target}/.built-from"
fingerprint="$(sha256sum go.mod go.sum cmd/etcd/main.go build.sh | sha256sum | cut -c1-16)"

if [[ -x "${target}/kube-apiserver" && -x "${target}/etcd" && -x "${target}/kubectl" ]] \
    && [[ -f "${stamp}" && "$(cat "${stamp}")" == "${fingerprint}" ]]; then
  echo "envtest: reusing kube-apiserver, etcd and kubectl ${version} in ${target}"
  exit 0
fi

mkdir -p "${test_dir}/k8s"
# One build at a time: parallel Maven runs share the output directory.
exec 9>"${test_dir}/k8s/.build.lock"
flock 9

minor="${version#*.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=v${version} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor}"
  ldflags+=" -X ${pkg}.gitTreeState=clean"
done

echo "envtest: building etcd, kube-apiserver and kubectl ${version} for ${platform} (a cold build takes minutes)"
start=$(date +%s)
staging="$(mktemp -d "${test_dir}/k8s/.staging.XXXXXX")"
trap 'rm -rf "${staging}"' EXIT
go build -buildvcs=false -trimpath -ldflags "${ldflags}" -o "${staging}/" \
  ./cmd/etcd k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl

mkdir -p "${target}"
mv -f "${staging}/etcd" "${staging}/kube-apiserver" "${staging}/kubectl" "${target}/"
echo "${fingerprint}" > "${stamp}"
echo "envtest: built in $(( $(date +%s) - start )) s into ${target}"
