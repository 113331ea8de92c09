// Command etcd is the etcd server, built from the module version that Kubernetes itself pins,
// so the test bed needs no downloaded release binaries.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
