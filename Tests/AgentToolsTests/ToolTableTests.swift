// The tool table without any protocol around it.
import XCTest
