module ofxkit.example/ofxkit

go 1.19
