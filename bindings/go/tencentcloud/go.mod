module github.com/cvm-rules/cvm-rules/bindings/go/tencentcloud

go 1.25.0

require (
	github.com/cvm-rules/cvm-rules/bindings/go v0.0.0-00010101000000-000000000000
	github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm v1.3.154
)

require (
	github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common v1.3.154 // indirect
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/sys v0.44.0 // indirect
)

// The parent module, from this checkout (until it is published).
replace github.com/cvm-rules/cvm-rules/bindings/go => ../
